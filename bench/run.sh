#!/usr/bin/env bash
# The heartbeat_exporter benchmark: builds in Release, starts the exporter, the
# trivial cpp-httplib server (this machine's HTTP ceiling) and Debian's
# prometheus-pushgateway on 127.0.0.1, runs every load of docs/performance.md
# and prints one markdown table. Every load is bounded in time; loopback only.
#
#   bench/run.sh                 # the whole suite, ~6 minutes once caches exist
#
# Environment:
#   BENCH_DURATION   seconds per throughput load (default 10)
#   BENCH_MAX_LOAD   wait until the 1-minute load average is below this (default 1.0)
#   BENCH_CACHE      seeded databases and the filled Pushgateway (default .cache/bench)
#   BENCH_BUILD      build directory (default build-bench)
#   BENCH_OUT        where the table is also written (default $BENCH_BUILD/results.md)
#
# First run only: seeding 100k applications with 10M history rows (~1 min) and
# filling the Pushgateway with 10k groups (~10 min: it re-checks every group on
# every push, see docs/performance.md) are cached in BENCH_CACHE.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
duration=${BENCH_DURATION:-10}
max_load=${BENCH_MAX_LOAD:-1.0}
cache=${BENCH_CACHE:-$repo/.cache/bench}
build=${BENCH_BUILD:-$repo/build-bench}
out=${BENCH_OUT:-$build/results.md}
work=$(mktemp -d /tmp/heartbeat-bench.XXXXXX)
logs=$build/logs # every server's output of the last run, kept for a look after a failure
mkdir -p "$cache" "$logs"

# The exporter's HTTP settings (src/http, include/heartbeat/http/context.h);
# the trivial server gets the same ones so the ceiling is comparable.
threads=64
keep_alive_max=1000
keep_alive_timeout=30
io_timeout=10
connections=64
ingest_apps=10000
big_apps=100000
history_per_app=100 # 100k x 100 = 10M rows; also the default retention
idle_connections=10000
slow_connections=1000

"$repo/scripts/install-deps.sh" bench
for tool in wrk curl prometheus-pushgateway cmake; do
  command -v "$tool" > /dev/null || { echo "bench: $tool is missing (apt-get install $tool)" >&2; exit 1; }
done

pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2> /dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2> /dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

log() { printf '%s bench: %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

port_free() { ! (exec 3<> "/dev/tcp/127.0.0.1/$1") 2> /dev/null; }
next_port=19700
take_port() { # sets $port to a free port; not in $(...) so the counter survives
  while ! port_free "$next_port"; do next_port=$((next_port + 1)); done
  port=$next_port
  next_port=$((next_port + 1))
}

# Starts "$@" in the background; its pid is in $started.
start() {
  local logfile=$1
  shift
  "$@" > "$logfile" 2>&1 &
  started=$!
  pids+=("$started")
}

stop() {
  kill "$1" 2> /dev/null || true
  wait "$1" 2> /dev/null || true
}

wait_http() { # URL [tries of 10 ms]
  local tries=${2:-3000}
  while ! curl -sf -o /dev/null "$1"; do
    tries=$((tries - 1))
    [ "$tries" -gt 0 ] || { log "no answer from $1"; return 1; }
    sleep 0.01
  done
}

now_ns() { date +%s%N; }
rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
calc() { awk "BEGIN { printf \"%.${2:-1}f\", $1 }"; }
field() { # KEY LINE: the value of KEY=value in a key=value line
  tr ' ' '\n' <<< "$2" | awk -F= -v k="$1" '$1 == k {print $2}'
}

wrk_load() { # MODE APPS CLOSE URL [extra wrk args]: prints the RESULT line
  local mode=$1 apps=$2 close=$3 url=$4
  shift 4
  BENCH_MODE=$mode BENCH_APPS=$apps BENCH_CLOSE=$close BENCH_THREADS=2 \
    wrk -t2 -c"$connections" -d"${duration}s" "$@" -s bench/lua/load.lua "$url" |
    grep '^RESULT' | sed 's/^RESULT //'
}

cpu_ticks() { # user + system CPU of a process so far, in clock ticks
  sed 's/.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'
}

# Like wrk_load, plus cpu_us: the server's CPU per answered request. Unlike
# req/s it hardly depends on what else runs on the machine.
measured_load() { # PID MODE APPS CLOSE URL [extra wrk args]
  local pid=$1 before after result
  shift
  before=$(cpu_ticks "$pid")
  result=$(wrk_load "$@")
  after=$(cpu_ticks "$pid")
  echo "$result cpu_us=$(calc "($after - $before) * 1e6 / $(getconf CLK_TCK) / $(field requests "$result")" 0)"
}

wait_quiet() {
  local waited=0 load
  while :; do
    load=$(cut -d' ' -f1 /proc/loadavg)
    if awk "BEGIN { exit !($load < $max_load) }"; then return 0; fi
    if [ "$waited" -ge 900 ]; then
      log "load average still $load after 15 min; measuring anyway (the table shows it)"
      return 0
    fi
    log "load average $load >= $max_load (others are busy); waiting"
    sleep 30
    waited=$((waited + 30))
  done
}

# ---------------------------------------------------------------- build
log "building in Release ($build)"
cmake -S bench -B "$build" -DCMAKE_BUILD_TYPE=Release > "$logs/cmake.log" 2>&1 ||
  { cat "$logs/cmake.log" >&2; exit 1; }
cmake --build "$build" -j2 --target heartbeat_exporter trivial_server rate_client \
  serialize_bench scrape_phases seed_db idle_clients > "$logs/build.log" 2>&1 || { tail -50 "$logs/build.log" >&2; exit 1; }
exporter=$build/heartbeat/heartbeat_exporter

# ---------------------------------------------------------------- caches
log "seeding databases (reused when $cache holds them)"
"$build/seed_db" "$cache/ingest-10k.db" "$ingest_apps" "$history_per_app" >&2
"$build/seed_db" "$cache/history-100k.db" "$big_apps" "$history_per_app" >&2

pushgateway_groups() { curl -s "http://127.0.0.1:$1/metrics" | grep -c '^push_time_seconds{' || true; }
pushgateway_state=$cache/pushgateway-10k.state
if [ "$(cat "$pushgateway_state.meta" 2> /dev/null)" != "groups=$ingest_apps" ]; then
  # Few connections and a long timeout: every push is answered, so stopping
  # after $ingest_apps answers means every group exists.
  log "filling the Pushgateway with $ingest_apps groups, once (~10 min; cached)"
  rm -f "$pushgateway_state" "$pushgateway_state.meta"
  take_port
  start "$logs/pushgateway-fill.log" prometheus-pushgateway \
    --web.listen-address="127.0.0.1:$port" --persistence.file="$pushgateway_state"
  fill_pid=$started
  wait_http "http://127.0.0.1:$port/-/ready"
  BENCH_MODE=push BENCH_APPS=$ingest_apps BENCH_STOP_AFTER=$ingest_apps BENCH_THREADS=2 \
    wrk -t2 -c4 -d1500s --timeout 120s -s bench/lua/load.lua "http://127.0.0.1:$port" > /dev/null
  groups=$(pushgateway_groups "$port")
  stop "$fill_pid" # persists its state on SIGTERM
  [ "$groups" -ge "$ingest_apps" ] || { log "Pushgateway holds only $groups groups"; exit 1; }
  echo "groups=$ingest_apps" > "$pushgateway_state.meta"
fi

wait_quiet
load_start=$(cut -d' ' -f1-3 /proc/loadavg | tr ' ' '/')
log "measuring, ${duration}s per load"

# ---------------------------------------------------------------- trivial server
log "trivial server (HTTP ceiling)"
take_port
start "$logs/trivial.log" "$build/trivial_server" "$port" --threads=$threads \
  --keep-alive-max=$keep_alive_max --keep-alive-timeout=$keep_alive_timeout \
  --read-timeout=$io_timeout --write-timeout=$io_timeout
trivial_pid=$started
wait_http "http://127.0.0.1:$port/"
url=http://127.0.0.1:$port
ceiling_signal=$(measured_load "$trivial_pid" signal $ingest_apps 0 "$url")
ceiling_ping=$(measured_load "$trivial_pid" ping $ingest_apps 0 "$url")
ceiling_close=$(measured_load "$trivial_pid" signal $ingest_apps 1 "$url")
stop "$trivial_pid"

# ---------------------------------------------------------------- exporter, 10k applications
log "exporter, durable ingest over 10k applications"
cp "$cache/ingest-10k.db" "$work/ingest.db"
take_port
start "$logs/exporter-ingest.log" "$exporter" --web.listen-address="127.0.0.1:$port" \
  --storage.path="$work/ingest.db" --storage.sync=full --log.level=warn
exporter_pid=$started
url=http://127.0.0.1:$port
wait_http "$url/-/ready"
ingest_signal=$(measured_load "$exporter_pid" signal $ingest_apps 0 "$url")
ingest_ping=$(measured_load "$exporter_pid" ping $ingest_apps 0 "$url")
ingest_close=$(measured_load "$exporter_pid" signal $ingest_apps 1 "$url")
rate_signal=$("$build/rate_client" --port="$port" --rate=1000 --duration="$duration" \
  --connections=16 --apps=$ingest_apps --method=POST --path=/signal \
  --body='application={app}&token={token}&status=ok' || true)
rate_ping=$("$build/rate_client" --port="$port" --rate=1000 --duration="$duration" \
  --connections=16 --apps=$ingest_apps --path='/ping/{token}' || true)
batch=$(curl -s "$url/metrics" | awk '/^heartbeat_exporter_store_commit_batch_size_(sum|count)/ {v[$1]=$2}
  END { for (k in v) if (k ~ /count/) c=v[k]; else s=v[k]; if (c > 0) printf "%.1f", s/c; else print "n/a" }')
stop "$exporter_pid"

# ---------------------------------------------------------------- exporter under idle and slow connections
log "exporter, 10k applications, with $idle_connections idle and $slow_connections slowloris connections"
cp "$cache/ingest-10k.db" "$work/crowded.db"
take_port
start "$logs/exporter-crowded.log" "$exporter" --web.listen-address="127.0.0.1:$port" \
  --storage.path="$work/crowded.db" --storage.sync=full --log.level=warn
crowded_pid=$started
url=http://127.0.0.1:$port
wait_http "$url/-/ready"
scrape_ms() { curl -s -o /dev/null -w '%{time_total}\n' "$url/metrics" | awk '{printf "%.1f", $1 * 1000}'; }
median3() { printf '%s\n' "$@" | sort -n | sed -n 2p; }
quiet_scrape=$(median3 "$(scrape_ms)" "$(scrape_ms)" "$(scrape_ms)")
quiet_rss=$(rss_kib "$crowded_pid")
start "$logs/idle-clients.log" "$build/idle_clients" --port="$port" --idle=$idle_connections \
  --slow=$slow_connections --duration=$((3 * duration + 30))
clients_pid=$started
until grep -q '^open' "$logs/idle-clients.log"; do sleep 0.2; done
sleep 2 # let the slowloris ones trickle a little
open_connections=$(curl -s "$url/metrics" | awk '/^heartbeat_exporter_http_connections\{/ {n += $2} END {print n}')
rate_crowded=$("$build/rate_client" --port="$port" --rate=100 --duration="$duration" \
  --connections=4 --apps=$ingest_apps --close --path='/ping/{token}' || true)
crowded_scrape=$(median3 "$(scrape_ms)" "$(scrape_ms)" "$(scrape_ms)")
crowded_rss=$(rss_kib "$crowded_pid")
stop "$clients_pid"
stop "$crowded_pid"

# ---------------------------------------------------------------- Pushgateway, 10k groups
log "Pushgateway with 10k groups"
cp "$pushgateway_state" "$work/pushgateway.state"
take_port
start "$logs/pushgateway.log" prometheus-pushgateway --web.listen-address="127.0.0.1:$port" \
  --persistence.file="$work/pushgateway.state" --persistence.interval=1h
pushgateway_pid=$started
wait_http "http://127.0.0.1:$port/-/ready"
pushgateway_loaded=$(pushgateway_groups "$port")
pushgateway=$(measured_load "$pushgateway_pid" push $ingest_apps 0 "http://127.0.0.1:$port" --timeout 30s)
stop "$pushgateway_pid"

# ---------------------------------------------------------------- idle exporter
log "idle exporter"
mkdir -p "$work/empty"
take_port
start "$logs/exporter-idle.log" "$exporter" --web.listen-address="127.0.0.1:$port" \
  --storage.path="$work/empty/heartbeat.db" --log.level=warn
idle_pid=$started
wait_http "http://127.0.0.1:$port/-/ready"
sleep 1
idle_rss=$(rss_kib "$idle_pid")
stop "$idle_pid"

# ---------------------------------------------------------------- exporter, 100k applications, 10M rows
log "exporter with 100k applications and 10M history rows"
cp "$cache/history-100k.db" "$work/big.db"
take_port
url=http://127.0.0.1:$port
ready_ms=()
for attempt in 1 2 3; do
  t0=$(now_ns)
  start "$logs/exporter-big.log" "$exporter" --web.listen-address="127.0.0.1:$port" \
    --storage.path="$work/big.db" --storage.sync=full --log.level=warn
  big_pid=$started
  wait_http "$url/-/ready" 6000
  ready_ms+=("$(( ($(now_ns) - t0) / 1000000 ))")
  [ "$attempt" -eq 3 ] || stop "$big_pid"
done
ready_median=$(printf '%s\n' "${ready_ms[@]}" | sort -n | sed -n 2p)
rss_loaded=$(rss_kib "$big_pid")

scrape() { # extra curl args: prints "seconds bytes"
  curl -s -o /dev/null -w '%{time_total} %{size_download}\n' "$@" "$url/metrics"
}
scrapes=()
for _ in 1 2 3; do scrapes+=("$(scrape)"); done
scrape_median=$(printf '%s\n' "${scrapes[@]}" | sort -n | sed -n 2p)
scrape_s=${scrape_median% *}
scrape_bytes=${scrape_median#* }
gzip_median=$(for _ in 1 2 3; do scrape -H 'Accept-Encoding: gzip'; done | sort -n | sed -n 2p)
gzip_s=${gzip_median% *}
gzip_bytes=${gzip_median#* }
gzip_header=$(curl -s -D - -o /dev/null -H 'Accept-Encoding: gzip' "$url/metrics" |
  tr -d '\r' | awk -F': ' 'tolower($1) == "content-encoding" {print $2}')
rss_scraped=$(rss_kib "$big_pid")
serializer=$("$build/serialize_bench" "$big_apps" 3)
stop "$big_pid"
# The same file opened in-process: the phases of one scrape (and of start-up).
phases=$("$build/scrape_phases" "$work/big.db" 3)
start "$logs/exporter-big.log" "$exporter" --web.listen-address="127.0.0.1:$port" \
  --storage.path="$work/big.db" --storage.sync=full --log.level=warn
big_pid=$started
wait_http "$url/-/ready" 6000

ingest_alone=$(measured_load "$big_pid" signal $big_apps 0 "$url")
(
  n=0
  while :; do
    curl -s -o /dev/null "$url/metrics" || true
    n=$((n + 1))
    echo "$n" > "$work/scrapes" # complete scrapes only
  done
) &
loop_pid=$!
pids+=("$loop_pid")
ingest_scraped=$(measured_load "$big_pid" signal $big_apps 0 "$url")
kill "$loop_pid" 2> /dev/null || true
wait "$loop_pid" 2> /dev/null || true
scrape_count=$(cat "$work/scrapes" 2> /dev/null || echo 0)
stop "$big_pid"

# ---------------------------------------------------------------- table
rps() { # "N req/s, C µs CPU/req" plus wrk's socket errors and non-2xx answers, if any
  local text
  text="$(calc "$(field rps "$1")" 0) req/s, $(field cpu_us "$1") µs CPU/req"
  if [ "$(field errors "$1")" -ne 0 ]; then
    text="$text, socket errors: $(field connect "$1") connect $(field read "$1") read"
    text="$text $(field write "$1") write $(field timeout "$1") timeout"
  fi
  [ "$(field non_2xx "$1")" -eq 0 ] || text="$text, $(field non_2xx "$1") non-2xx"
  echo "$text"
}
ok() { if awk "BEGIN { exit !($1) }"; then echo pass; else echo "**miss**"; fi; }

c_sig=$(field rps "$ceiling_signal")
c_ping=$(field rps "$ceiling_ping")
c_close=$(field rps "$ceiling_close")
i_sig=$(field rps "$ingest_signal")
i_ping=$(field rps "$ingest_ping")
i_close=$(field rps "$ingest_close")
pg=$(field rps "$pushgateway")
serialize_ms=$(field serialize_ms "$serializer")
scrape_ms=$(calc "$scrape_s * 1000" 0)
gzip_ms=$(calc "$gzip_s * 1000" 0)
a_alone=$(field rps "$ingest_alone")
a_scraped=$(field rps "$ingest_scraped")
per_app_bytes=$(calc "($rss_scraped - $idle_rss) * 1024 / $big_apps" 0)
per_app_total=$(calc "$rss_scraped * 1024 / $big_apps" 0)
# Answers that were not 2xx: a refused or failed signal. wrk's socket errors
# (a connect refused while the accept queue is full, a 2 s timeout) are shown
# per row; the trivial server has them too under the same load.
errors_total=0
for r in "$ingest_signal" "$ingest_ping" "$ingest_close" "$ingest_alone" "$ingest_scraped"; do
  errors_total=$((errors_total + $(field non_2xx "$r")))
done
for r in "$rate_signal" "$rate_ping" "$rate_crowded"; do
  errors_total=$((errors_total + $(field errors "$r") + $(field non_2xx "$r")))
done

{
  echo "### heartbeat_exporter benchmark, $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Machine: $(lscpu | awk -F: '/^Model name/ {gsub(/^ +/, "", $2); print $2}'), $(nproc) cores," \
    "$(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo) RAM, Linux $(uname -r)."
  echo "Software: heartbeat_exporter $(git rev-parse --short=12 HEAD) (Release, g++ $(g++ -dumpfullversion))," \
    "cpp-httplib $(dpkg-query -W -f='${Version}' libcpp-httplib-dev)," \
    "prometheus-cpp $(dpkg-query -W -f='${Version}' prometheus-cpp-dev)," \
    "SQLite $(dpkg-query -W -f='${Version}' libsqlite3-0)," \
    "prometheus-pushgateway $(dpkg-query -W -f='${Version}' prometheus-pushgateway)," \
    "$(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)."
  echo "Load average at start and end of the measurements: $load_start, $(cut -d' ' -f1-3 /proc/loadavg | tr ' ' '/')."
  echo "Loads: wrk -t2 -c$connections for ${duration}s each, keep-alive unless said; 127.0.0.1 only;" \
    "exporter with --storage.sync=full; server threads $threads, keep-alive max $keep_alive_max."
  echo
  echo "| measurement | measured | target | ratio | result |"
  echo "|---|---:|---|---:|---|"
  echo "| HTTP ceiling: trivial server, POST /signal body | $(rps "$ceiling_signal") | reference | | |"
  echo "| HTTP ceiling: trivial server, GET /ping/<token> | $(rps "$ceiling_ping") | reference | | |"
  echo "| Pushgateway PUT /metrics/job/<app>, 10k groups ($pushgateway_loaded loaded) | $(rps "$pushgateway") | reference | | |"
  echo "| Durable ingest POST /signal, 10k apps | $(rps "$ingest_signal") | >= 50 % of ceiling | $(calc "100 * $i_sig / $c_sig" 0) % | $(ok "$i_sig >= 0.5 * $c_sig") |"
  echo "| Durable ingest GET /ping/<token>, 10k apps | $(rps "$ingest_ping") | >= 50 % of ceiling | $(calc "100 * $i_ping / $c_ping" 0) % | $(ok "$i_ping >= 0.5 * $c_ping") |"
  echo "| POST /signal vs Pushgateway push | | >= 50x | $(calc "$i_sig / $pg" 0)x | $(ok "$i_sig >= 50 * $pg") |"
  echo "| GET /ping vs Pushgateway push | | >= 50x | $(calc "$i_ping / $pg" 0)x | $(ok "$i_ping >= 50 * $pg") |"
  echo "| Writes per commit (group commit) during those loads | $batch | | | |"
  echo "| One request per connection, POST /signal | $(rps "$ingest_close") | report | $(calc "100 * $i_close / $c_close" 0) % of trivial ($(rps "$ceiling_close")) | |"
  echo "| Latency at 1k req/s, POST /signal (open loop) | p50 $(field p50_ms "$rate_signal") ms, p99 $(field p99_ms "$rate_signal") ms | p99 <= 5 ms | | $(ok "$(field p99_ms "$rate_signal") <= 5 && $(field errors "$rate_signal") == 0") |"
  echo "| Latency at 1k req/s, GET /ping/<token> (open loop) | p50 $(field p50_ms "$rate_ping") ms, p99 $(field p99_ms "$rate_ping") ms | p99 <= 5 ms | | $(ok "$(field p99_ms "$rate_ping") <= 5 && $(field errors "$rate_ping") == 0") |"
  echo "| New connection per GET /ping/<token> at 100 req/s (open loop) with $idle_connections idle and $slow_connections slowloris connections open ($open_connections counted by the exporter) | p50 $(field p50_ms "$rate_crowded") ms, p99 $(field p99_ms "$rate_crowded") ms, $(field errors "$rate_crowded") failed, $(field non_2xx "$rate_crowded") non-2xx | p99 < 20 ms, 0 failures | | $(ok "$(field p99_ms "$rate_crowded") < 20 && $(field errors "$rate_crowded") == 0 && $(field non_2xx "$rate_crowded") == 0") |"
  echo "| GET /metrics, 10k apps, with those connections open vs quiet ($quiet_scrape ms, median of 3) | $crowded_scrape ms | <= 1.5x | $(calc "$crowded_scrape / $quiet_scrape" 2)x | $(ok "$crowded_scrape <= 1.5 * $quiet_scrape") |"
  echo "| RSS growth with those connections open (10k apps: $(calc "$quiet_rss / 1024" 1) MiB quiet) | $(calc "($crowded_rss - $quiet_rss) / 1024" 1) MiB | <= 40 MiB | | $(ok "$crowded_rss - $quiet_rss <= 40 * 1024") |"
  echo "| GET /metrics, 100k apps, uncompressed (median of 3) | $scrape_ms ms, $(calc "$scrape_bytes / 1048576" 0) MiB | <= 1000 ms | | $(ok "$scrape_ms <= 1000") |"
  echo "| GET /metrics vs TextSerializer alone ($serialize_ms ms) | | <= 1.5x | $(calc "$scrape_ms / $serialize_ms" 2)x | $(ok "$scrape_ms <= 1.5 * $serialize_ms") |"
  echo "| Reference: the same text written directly (std::to_chars, one reserved string), no TextSerializer | $(field direct_ms "$serializer") ms | reference | | |"
  echo "| GET /metrics, 100k apps, Accept-Encoding: gzip | $gzip_ms ms, $(calc "$gzip_bytes / 1048576" 1) MiB | gzip when asked | Content-Encoding: ${gzip_header:-none} | $(ok "\"${gzip_header}\" == \"gzip\"") |"
  echo "| Ingest POST /signal, 100k apps, alone | $(rps "$ingest_alone") | reference | | |"
  echo "| Ingest while /metrics is scraped back to back ($scrape_count scrapes) | $(rps "$ingest_scraped") | >= 70 % of alone | $(calc "100 * $a_scraped / $a_alone" 0) % | $(ok "$a_scraped >= 0.7 * $a_alone") |"
  echo "| RSS per application, 100k apps, after scrapes ((RSS - idle) / 100k) | $per_app_bytes B ($per_app_total B with idle; $(calc "$rss_loaded / 1024" 0) MiB at start, $(calc "$rss_scraped / 1024" 0) MiB after scrapes) | <= 1024 B | | $(ok "$per_app_bytes <= 1024") |"
  echo "| Idle RSS, 0 apps | $(calc "$idle_rss / 1024" 1) MiB | <= 15 MiB | | $(ok "$idle_rss <= 15 * 1024") |"
  echo "| Start to ready, 100k apps, 10M history rows (median of 3, warm page cache) | $ready_median ms | <= 2000 ms | | $(ok "$ready_median <= 2000") |"
  echo "| Non-2xx answers (and failed requests at 1k req/s) during the exporter's loads | $errors_total | 0 | | $(ok "$errors_total == 0") |"
} | tee "$out"
log "table written to $out"
echo
echo "Phases of one scrape in-process (scrape_phases, ms): $phases"
