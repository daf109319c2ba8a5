#!/usr/bin/env bash
# The heartbeat_exporter benchmark: builds in Release, starts the exporter, the
# trivial cpp-httplib server (this machine's HTTP ceiling) and Debian's
# prometheus-pushgateway on 127.0.0.1, runs every load of docs/performance.md
# and prints one markdown table. Every load is bounded in time; loopback only.
#
#   bench/run.sh                 # the whole suite, ~6 minutes once caches exist,
#                                # under 15 minutes the first time
#
# Environment:
#   BENCH_DURATION   seconds per throughput load (default 10)
#   BENCH_MAX_LOAD   wait until the 1-minute load average is below this (default 1.0)
#   BENCH_MAX_WAIT   but at most this many seconds, then measure anyway (default 300)
#   BENCH_CACHE      seeded databases and the filled Pushgateway (default .cache/bench)
#   BENCH_BUILD      build directory (default build-bench)
#   BENCH_OUT        where the table is also written (default $BENCH_BUILD/results.md)
#   BENCH_WAL_SECONDS  length of the WAL row's full-speed ping load (default 20;
#                    docs/performance.md's 10-minute figure is BENCH_WAL_SECONDS=600)
#   BENCH_ONLY       "storage": only the storage rows (WAL under load, 10k reload),
#                    without the Pushgateway, the 100k database and the rest;
#                    "ingest": only the HTTP ceiling, durable ingest, latency and
#                    idle/slowloris rows (issue 11), about 3 minutes
#
# First run only: seeding 100k applications with 10M history rows (~1 min) and
# filling the Pushgateway with 10k groups (~10 s, with its consistency check
# off for the fill only) are cached in BENCH_CACHE.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
duration=${BENCH_DURATION:-10}
max_load=${BENCH_MAX_LOAD:-1.0}
max_wait=${BENCH_MAX_WAIT:-300}
run_start=$(date +%s)
cache=${BENCH_CACHE:-$repo/.cache/bench}
build=${BENCH_BUILD:-$repo/build-bench}
out=${BENCH_OUT:-$build/results.md}
wal_seconds=${BENCH_WAL_SECONDS:-20}
only=${BENCH_ONLY:-}
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
  echo "$result cpu_us=$(calc "($after - $before) * 1e6 / $(getconf CLK_TCK) / $(field requests "$result")" 0)" \
    "load=$(cut -d' ' -f1 /proc/loadavg)"
}

wait_quiet() {
  local waited=0 load
  while :; do
    load=$(cut -d' ' -f1 /proc/loadavg)
    if awk "BEGIN { exit !($load < $max_load) }"; then return 0; fi
    if [ "$waited" -ge "$max_wait" ]; then
      log "load average still $load after ${waited}s; measuring anyway (the table shows it)"
      return 0
    fi
    log "load average $load >= $max_load (others are busy); waiting"
    sleep 15
    waited=$((waited + 15))
  done
}

# ---------------------------------------------------------------- build
log "building in Release ($build)"
cmake -S bench -B "$build" -DCMAKE_BUILD_TYPE=Release > "$logs/cmake.log" 2>&1 ||
  { cat "$logs/cmake.log" >&2; exit 1; }
cmake --build "$build" -j2 --target heartbeat_exporter trivial_server rate_client \
  serialize_bench scrape_phases gzip_options seed_db idle_clients > "$logs/build.log" 2>&1 || { tail -50 "$logs/build.log" >&2; exit 1; }
exporter=$build/heartbeat/heartbeat_exporter

# ---------------------------------------------------------------- storage rows
# The WAL under a sustained full-speed ping load: sampled every second, at the
# end, and after the writer went idle (it truncates the WAL after 1 s of quiet).
# Not run in $(...): the ports taken and the pids to clean up must reach this shell.
wal_soak() { # sets wal_result="rps=... non_2xx=... wal_max=... wal_end=... wal_idle=..." (bytes)
  local duration=$wal_seconds pid url sampler result wal=$work/wal.db-wal
  cp "$cache/ingest-10k.db" "$work/wal.db"
  take_port
  start "$logs/exporter-wal.log" "$exporter" --web.listen-address="127.0.0.1:$port" \
    --storage.path="$work/wal.db" --storage.sync=full --log.level=warn
  pid=$started
  url=http://127.0.0.1:$port
  wait_http "$url/-/ready"
  echo 0 > "$work/wal.max"
  (
    max=0
    while :; do
      size=$(stat -c %s "$wal" 2> /dev/null || echo 0)
      [ "$size" -le "$max" ] || { max=$size; echo "$max" > "$work/wal.max"; }
      sleep 1
    done
  ) &
  sampler=$!
  pids+=("$sampler")
  result=$(wrk_load ping $ingest_apps 0 "$url")
  local wal_end wal_idle
  wal_end=$(stat -c %s "$wal" 2> /dev/null || echo 0)
  sleep 3
  wal_idle=$(stat -c %s "$wal" 2> /dev/null || echo 0)
  stop "$sampler"
  stop "$pid"
  wal_result="rps=$(field rps "$result") non_2xx=$(field non_2xx "$result") wal_max=$(cat "$work/wal.max") wal_end=$wal_end wal_idle=$wal_idle"
}

# A config reload that changes every one of 10k declared applications (their team).
reload_10k() { # sets reload_result="start_ms=... reload_ms=... status=..."
  local pid url t0 start_ms reload_ms status
  write_config() { # TEAM
    awk -v team="$1" 'BEGIN { print "applications:"
      for (i = 0; i < 10000; i++) printf "  - name: app-%06d\n    interval: 1h\n    team: %s\n", i, team }' \
      > "$work/reload.yaml"
  }
  write_config team-a
  mkdir -p "$work/reload"
  take_port
  t0=$(now_ns)
  start "$logs/exporter-reload.log" "$exporter" --web.listen-address="127.0.0.1:$port" \
    --storage.path="$work/reload/heartbeat.db" --config.file="$work/reload.yaml" --log.level=warn
  pid=$started
  url=http://127.0.0.1:$port
  wait_http "$url/-/ready" 6000
  start_ms=$(( ($(now_ns) - t0) / 1000000 ))
  write_config team-b
  t0=$(now_ns)
  status=$(curl -s -o /dev/null -w '%{http_code}' -X POST "$url/-/reload")
  reload_ms=$(( ($(now_ns) - t0) / 1000000 ))
  curl -s "$url/checks/app-009999" | grep -q '"team":"team-b"' || status="$status-not-applied"
  stop "$pid"
  reload_result="start_ms=$start_ms reload_ms=$reload_ms status=$status"
}

storage_rows() { # sets storage to the table rows of wal_soak and reload_10k
  local wal reload mib
  wal_soak
  reload_10k
  wal=$wal_result
  reload=$reload_result
  mib() { calc "$(field "$1" "$wal") / 1048576" 1; }
  storage="| WAL under ${wal_seconds}s of GET /ping at full speed, 10k apps ($(calc "$(field rps "$wal")" 0) req/s, $(field non_2xx "$wal") non-2xx) | largest $(mib wal_max) MiB, at the end $(mib wal_end) MiB, 3 s later $(mib wal_idle) MiB | a few MiB (<= 8) | | $(ok "$(field wal_max "$wal") <= 8 * 1048576") |
| Config reload changing all of 10k declared applications (POST /-/reload; start with them: $(field start_ms "$reload") ms) | $(field reload_ms "$reload") ms, HTTP $(field status "$reload") | < 1000 ms | | $(ok "$(field reload_ms "$reload") < 1000 && \"$(field status "$reload")\" == \"200\"") |"
}

rps() { # "N req/s, C µs CPU/req, load L" (1-minute load average after the load) plus wrk's socket errors and non-2xx answers, if any
  local text
  text="$(calc "$(field rps "$1")" 0) req/s, $(field cpu_us "$1") µs CPU/req, load $(field load "$1")"
  if [ "$(field errors "$1")" -ne 0 ]; then
    text="$text, socket errors: $(field connect "$1") connect $(field read "$1") read"
    text="$text $(field write "$1") write $(field timeout "$1") timeout"
  fi
  [ "$(field non_2xx "$1")" -eq 0 ] || text="$text, $(field non_2xx "$1") non-2xx"
  echo "$text"
}

# ---------------------------------------------------------------- issue 11 rows
# The HTTP ceiling and durable ingest under the same four loads (POST /signal
# and GET /ping/<token>, keep-alive and Connection: close), the latency at
# 1k req/s, and the exporter with 10k idle and 1k slowloris connections open.
# Not run in $(...): the ports taken and the pids to clean up must reach this shell.
load_kinds="signal:0 ping:0 signal:1 ping:1" # MODE:CLOSE
measure_ceiling() { # sets ceiling_<mode>_<close>
  local kind
  log "trivial server (HTTP ceiling)"
  take_port
  start "$logs/trivial.log" "$build/trivial_server" "$port" --threads=$threads \
    --keep-alive-max=$keep_alive_max --keep-alive-timeout=$keep_alive_timeout \
    --read-timeout=$io_timeout --write-timeout=$io_timeout
  trivial_pid=$started
  wait_http "http://127.0.0.1:$port/"
  for kind in $load_kinds; do
    printf -v "ceiling_${kind%:*}_${kind#*:}" '%s' \
      "$(measured_load "$trivial_pid" "${kind%:*}" $ingest_apps "${kind#*:}" "http://127.0.0.1:$port")"
  done
  stop "$trivial_pid"
}

measure_ingest() { # sets ingest_<mode>_<close>, rate_signal, rate_ping, batch
  local kind url
  log "exporter, durable ingest over 10k applications"
  cp "$cache/ingest-10k.db" "$work/ingest.db"
  take_port
  start "$logs/exporter-ingest.log" "$exporter" --web.listen-address="127.0.0.1:$port" \
    --storage.path="$work/ingest.db" --storage.sync=full --log.level=warn
  exporter_pid=$started
  url=http://127.0.0.1:$port
  wait_http "$url/-/ready"
  for kind in $load_kinds; do
    printf -v "ingest_${kind%:*}_${kind#*:}" '%s' \
      "$(measured_load "$exporter_pid" "${kind%:*}" $ingest_apps "${kind#*:}" "$url")"
  done
  rate_signal=$("$build/rate_client" --port="$port" --rate=1000 --duration="$duration" \
    --connections=16 --apps=$ingest_apps --method=POST --path=/signal \
    --body='application={app}&token={token}&status=ok' || true)
  rate_ping=$("$build/rate_client" --port="$port" --rate=1000 --duration="$duration" \
    --connections=16 --apps=$ingest_apps --path='/ping/{token}' || true)
  batch=$(curl -s "$url/metrics" | awk '/^heartbeat_exporter_store_commit_batch_size_(sum|count)/ {v[$1]=$2}
    END { for (k in v) if (k ~ /count/) c=v[k]; else s=v[k]; if (c > 0) printf "%.1f", s/c; else print "n/a" }')
  stop "$exporter_pid"
}

measure_crowded() { # sets quiet_scrape, crowded_scrape, quiet_rss, crowded_rss, open_connections, rate_crowded
  local url crowded_pid clients_pid
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
}

measure_connections() {
  measure_ceiling
  measure_ingest
  measure_crowded
}

# The rows of measure_connections, one per line.
connection_rows() {
  local kind mode close name ceiling ingest c i
  for kind in $load_kinds; do
    mode=${kind%:*} close=${kind#*:}
    name=$([ "$mode" = signal ] && echo "POST /signal" || echo "GET /ping/<token>")
    [ "$close" = 1 ] && name="$name, Connection: close" || name="$name, keep-alive"
    ceiling_var=ceiling_${mode}_${close} ingest_var=ingest_${mode}_${close}
    ceiling=${!ceiling_var} ingest=${!ingest_var}
    c=$(field rps "$ceiling") i=$(field rps "$ingest")
    echo "| HTTP ceiling: trivial server, $name | $(rps "$ceiling") | reference | | |"
    echo "| Durable ingest (--storage.sync=full), $name, 10k apps | $(rps "$ingest") | >= 50 % of the trivial server | $(calc "100 * $i / $c" 0) % (CPU/req $(calc "$(field cpu_us "$ingest") / $(field cpu_us "$ceiling")" 1)x) | $(ok "$i >= 0.5 * $c") |"
  done
  echo "| Writes per commit (group commit) during those loads | $batch | | | |"
  echo "| Latency at 1k req/s, POST /signal (open loop) | p50 $(field p50_ms "$rate_signal") ms, p99 $(field p99_ms "$rate_signal") ms | p99 <= 5 ms | | $(ok "$(field p99_ms "$rate_signal") <= 5 && $(field errors "$rate_signal") == 0") |"
  echo "| Latency at 1k req/s, GET /ping/<token> (open loop) | p50 $(field p50_ms "$rate_ping") ms, p99 $(field p99_ms "$rate_ping") ms | p99 <= 5 ms | | $(ok "$(field p99_ms "$rate_ping") <= 5 && $(field errors "$rate_ping") == 0") |"
  echo "| New connection per GET /ping/<token> at 100 req/s (open loop) with $idle_connections idle and $slow_connections slowloris connections open ($open_connections counted by the exporter) | p50 $(field p50_ms "$rate_crowded") ms, p99 $(field p99_ms "$rate_crowded") ms, $(field errors "$rate_crowded") failed, $(field non_2xx "$rate_crowded") non-2xx | p99 < 20 ms, 0 failures | | $(ok "$(field p99_ms "$rate_crowded") < 20 && $(field errors "$rate_crowded") == 0 && $(field non_2xx "$rate_crowded") == 0") |"
  echo "| GET /metrics, 10k apps, with those connections open vs quiet ($quiet_scrape ms, median of 3) | $crowded_scrape ms | <= 1.5x | $(calc "$crowded_scrape / $quiet_scrape" 2)x | $(ok "$crowded_scrape <= 1.5 * $quiet_scrape") |"
  echo "| RSS growth with those connections open (10k apps: $(calc "$quiet_rss / 1024" 1) MiB quiet) | $(calc "($crowded_rss - $quiet_rss) / 1024" 1) MiB | <= 40 MiB | | $(ok "$crowded_rss - $quiet_rss <= 40 * 1024") |"
}

# Failed requests of the exporter's loads: non-2xx answers (a refused or failed
# signal) and, at fixed rates, requests without an answer.
connection_errors() {
  local kind var total=0 r
  for kind in $load_kinds; do
    var=ingest_${kind%:*}_${kind#*:}
    total=$((total + $(field non_2xx "${!var}")))
  done
  for r in "$rate_signal" "$rate_ping" "$rate_crowded"; do
    total=$((total + $(field errors "$r") + $(field non_2xx "$r")))
  done
  echo "$total"
}

machine_lines() {
  echo "Machine: $(lscpu | awk -F: '/^Model name/ {gsub(/^ +/, "", $2); print $2}'), $(nproc) cores," \
    "$(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo) RAM, Linux $(uname -r)."
  echo "Software: heartbeat_exporter $(git rev-parse --short=12 HEAD) (Release, g++ $(g++ -dumpfullversion))," \
    "cpp-httplib $(dpkg-query -W -f='${Version}' libcpp-httplib-dev)," \
    "prometheus-cpp $(dpkg-query -W -f='${Version}' prometheus-cpp-dev)," \
    "SQLite $(dpkg-query -W -f='${Version}' libsqlite3-0)," \
    "prometheus-pushgateway $(dpkg-query -W -f='${Version}' prometheus-pushgateway)," \
    "$(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)."
}

ok() { if awk "BEGIN { exit !($1) }"; then echo pass; else echo "**miss**"; fi; }

# ---------------------------------------------------------------- caches
log "seeding databases (reused when $cache holds them)"
"$build/seed_db" "$cache/ingest-10k.db" "$ingest_apps" "$history_per_app" >&2

if [ "$only" = storage ]; then
  wait_quiet
  load_start=$(cut -d' ' -f1-3 /proc/loadavg | tr ' ' '/')
  log "storage rows only (WAL load ${wal_seconds}s)"
  storage_rows
  {
    echo "### heartbeat_exporter storage rows, $(date -u +%Y-%m-%dT%H:%MZ), $(git rev-parse --short=12 HEAD)"
    echo
    echo "Load average at start and end: $load_start, $(cut -d' ' -f1-3 /proc/loadavg | tr ' ' '/')."
    echo
    echo "| measurement | measured | target | ratio | result |"
    echo "|---|---:|---|---:|---|"
    echo "$storage"
  } | tee "$out"
  exit 0
fi
if [ "$only" = ingest ]; then
  wait_quiet
  load_start=$(cut -d' ' -f1-3 /proc/loadavg | tr ' ' '/')
  log "issue 11 rows only: ceiling, durable ingest, latency, idle and slow connections"
  measure_connections
  {
    echo "### heartbeat_exporter ingest and connection rows, $(date -u +%Y-%m-%dT%H:%MZ)"
    echo
    machine_lines
    echo "Load average at start and end of the measurements: $load_start, $(cut -d' ' -f1-3 /proc/loadavg | tr ' ' '/')."
    echo "Loads: wrk -t2 -c$connections for ${duration}s each; 127.0.0.1 only; server threads $threads, keep-alive max $keep_alive_max."
    echo
    echo "| measurement | measured | target | ratio | result |"
    echo "|---|---:|---|---:|---|"
    connection_rows
    echo "| Non-2xx answers (and failed requests at fixed rates) during the exporter's loads | $(connection_errors) | 0 | | $(ok "$(connection_errors) == 0") |"
  } | tee "$out"
  exit 0
fi
"$build/seed_db" "$cache/history-100k.db" "$big_apps" "$history_per_app" >&2

pushgateway_groups() { curl -s "http://127.0.0.1:$1/metrics" | grep -c '^push_time_seconds{' || true; }
pushgateway_state=$cache/pushgateway-10k.state
# What bench/lua/load.lua pushes in the measured load, with a fixed time.
push_body=$'# TYPE job_last_success_unixtime gauge\njob_last_success_unixtime 1700000000\n# TYPE job_up gauge\njob_up 1\n'
if [ "$(cat "$pushgateway_state.meta" 2> /dev/null)" != "groups=$ingest_apps" ]; then
  # One push per application, then the client stops by itself. The consistency
  # check (a gather of everything held, per push: what makes a push O(groups))
  # is off for the fill only: it validates pushes but stores nothing, and every
  # push here passes it. The measured Pushgateway below has it on, its default.
  log "filling the Pushgateway with $ingest_apps groups, once (~10 s; cached)"
  rm -f "$pushgateway_state" "$pushgateway_state.meta"
  take_port
  start "$logs/pushgateway-fill.log" prometheus-pushgateway --push.disable-consistency-check \
    --web.listen-address="127.0.0.1:$port" --persistence.file="$pushgateway_state"
  fill_pid=$started
  wait_http "http://127.0.0.1:$port/-/ready"
  "$build/rate_client" --port="$port" --rate=1000 --duration=$((ingest_apps / 1000)) \
    --connections=4 --apps=$ingest_apps --method=PUT --path='/metrics/job/{app}' \
    --content-type='text/plain; version=0.0.4' --body="$push_body" >&2 || true
  groups=$(pushgateway_groups "$port")
  stop "$fill_pid" # persists its state on SIGTERM
  [ "$groups" -ge "$ingest_apps" ] || { log "Pushgateway holds only $groups groups"; exit 1; }
  echo "groups=$ingest_apps" > "$pushgateway_state.meta"
fi
caches_done=$(date +%s)

wait_quiet
measure_start=$(date +%s)
load_start=$(cut -d' ' -f1-3 /proc/loadavg | tr ' ' '/')
log "measuring, ${duration}s per load"

measure_connections
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

scrape() { # extra curl args: prints "seconds bytes status"
  curl -s -o /dev/null -w '%{time_total} %{size_download} %{http_code}\n' "$@" "$url/metrics"
}
# Five scrapes of a kind: "cpu_ms median_seconds median_bytes", the CPU being the
# server's utime+stime per scrape (robust to what else runs, unlike the wall time).
scrape_cpu() { # extra curl args
  local before after median
  before=$(cpu_ticks "$big_pid")
  median=$(for _ in 1 2 3 4 5; do scrape "$@"; done | sort -n | sed -n 3p)
  after=$(cpu_ticks "$big_pid")
  echo "$(calc "($after - $before) * 1000 / $(getconf CLK_TCK) / 5" 0) ${median% *}"
}
# Three rounds of three simultaneous compressed scrapes (two Prometheus
# replicas and a human): "cpu_ms_per_scrape slowest_seconds(median round) non_200".
concurrent_scrapes() {
  local before after round i curls slowest=() failed=0
  before=$(cpu_ticks "$big_pid")
  for round in 1 2 3; do
    curls=()
    for i in 1 2 3; do
      scrape -H 'Accept-Encoding: gzip' > "$work/concurrent.$i" &
      curls+=($!)
    done
    wait "${curls[@]}"
    slowest+=("$(cut -d' ' -f1 "$work"/concurrent.* | sort -n | tail -1)")
    failed=$((failed + $(awk '$3 != 200' "$work"/concurrent.* | wc -l)))
  done
  after=$(cpu_ticks "$big_pid")
  echo "$(calc "($after - $before) * 1000 / $(getconf CLK_TCK) / 9" 0)" \
    "$(printf '%s\n' "${slowest[@]}" | sort -n | sed -n 2p) $failed"
}
plain_scrape=$(scrape_cpu)
gzip_scrape=$(scrape_cpu -H 'Accept-Encoding: gzip')
gzip_header=$(curl -s -D - -o /dev/null -H 'Accept-Encoding: gzip' "$url/metrics" |
  tr -d '\r' | awk -F': ' 'tolower($1) == "content-encoding" {print $2}')
concurrent=$(concurrent_scrapes)
rss_scraped=$(rss_kib "$big_pid")
serializer=$("$build/serialize_bench" "$big_apps" 3)
stop "$big_pid"
# The same file opened in-process: the phases of one scrape (and of start-up).
phases=$("$build/scrape_phases" "$work/big.db" 3)
gzip_candidates=$("$build/gzip_options" "$work/big.db" 3)
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

# ---------------------------------------------------------------- storage
log "storage: WAL under ${wal_seconds}s of pings, 10k reload"
storage_rows

# ---------------------------------------------------------------- table

i_sig=$(field rps "$ingest_signal_0")
i_ping=$(field rps "$ingest_ping_0")
pg=$(field rps "$pushgateway")
serialize_ms=$(field serialize_ms "$serializer")
read -r scrape_cpu scrape_s scrape_bytes <<< "$plain_scrape"
read -r gzip_cpu gzip_s gzip_bytes <<< "$gzip_scrape"
read -r concurrent_cpu concurrent_s concurrent_failed <<< "$concurrent"
scrape_ms=$(calc "$scrape_s * 1000" 0)
gzip_ms=$(calc "$gzip_s * 1000" 0)
concurrent_ms=$(calc "$concurrent_s * 1000" 0)
zlib6_cpu=$(field zlib6_scrape_cpu_ms "$phases")
gzip_mib=$(calc "$gzip_bytes / 1048576" 1)
run_end=$(date +%s)
a_alone=$(field rps "$ingest_alone")
a_scraped=$(field rps "$ingest_scraped")
per_app_bytes=$(calc "($rss_scraped - $idle_rss) * 1024 / $big_apps" 0)
per_app_total=$(calc "$rss_scraped * 1024 / $big_apps" 0)
# Answers that were not 2xx: a refused or failed signal. wrk's socket errors
# (a connect refused while the accept queue is full, a 2 s timeout) are shown
# per row; the trivial server has them too under the same load.
errors_total=$(connection_errors)
for r in "$ingest_alone" "$ingest_scraped"; do
  errors_total=$((errors_total + $(field non_2xx "$r")))
done

{
  echo "### heartbeat_exporter benchmark, $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  machine_lines
  echo "Load average at start and end of the measurements: $load_start, $(cut -d' ' -f1-3 /proc/loadavg | tr ' ' '/')."
  echo "Run time: $(calc "($run_end - $run_start) / 60" 1) min in all: build and caches $(calc "($caches_done - $run_start) / 60" 1) min, waiting for a quiet machine $(calc "($measure_start - $caches_done) / 60" 1) min, measuring $(calc "($run_end - $measure_start) / 60" 1) min."
  echo "Loads: wrk -t2 -c$connections for ${duration}s each, keep-alive unless said; 127.0.0.1 only;" \
    "exporter with --storage.sync=full; server threads $threads, keep-alive max $keep_alive_max."
  echo
  echo "| measurement | measured | target | ratio | result |"
  echo "|---|---:|---|---:|---|"
  connection_rows
  echo "| Pushgateway PUT /metrics/job/<app>, 10k groups ($pushgateway_loaded loaded) | $(rps "$pushgateway") | reference | | |"
  echo "| POST /signal vs Pushgateway push | | >= 50x | $(calc "$i_sig / $pg" 0)x | $(ok "$i_sig >= 50 * $pg") |"
  echo "| GET /ping vs Pushgateway push | | >= 50x | $(calc "$i_ping / $pg" 0)x | $(ok "$i_ping >= 50 * $pg") |"
  echo "| GET /metrics, 100k apps, uncompressed (median of 5) | $scrape_ms ms, $(calc "$scrape_bytes / 1048576" 0) MiB, $scrape_cpu ms CPU/scrape | <= 200 ms | | $(ok "$scrape_ms <= 200") |"
  echo "| GET /metrics vs TextSerializer alone ($serialize_ms ms) | | <= 1.5x | $(calc "$scrape_ms / $serialize_ms" 2)x | $(ok "$scrape_ms <= 1.5 * $serialize_ms") |"
  echo "| Reference: the same text written directly (std::to_chars, one reserved string), no TextSerializer | $(field direct_ms "$serializer") ms | reference | | |"
  echo "| GET /metrics, 100k apps, Accept-Encoding: gzip (median of 5) | $gzip_ms ms, $gzip_mib MiB, $gzip_cpu ms CPU/scrape | <= 300 ms, gzip, <= 7.3 MiB (1.5x of 4.9) | Content-Encoding: ${gzip_header:-none} | $(ok "$gzip_ms <= 300 && $gzip_mib <= 7.35 && \"${gzip_header}\" == \"gzip\"") |"
  echo "| CPU per compressed scrape vs writer + zlib level 6 (httplib's gzip before, in-process: $zlib6_cpu ms) | $gzip_cpu ms | <= 1/3 | $(calc "$gzip_cpu / $zlib6_cpu" 2)x | $(ok "3 * $gzip_cpu <= $zlib6_cpu") |"
  echo "| 3 concurrent compressed scrapes, 100k apps (3 rounds; slowest of each round, median) | $concurrent_ms ms, $concurrent_cpu ms CPU/scrape, $concurrent_failed not 200 | CPU/scrape <= 1.25x a lone one | $(calc "$concurrent_cpu / $gzip_cpu" 2)x | $(ok "$concurrent_cpu <= 1.25 * $gzip_cpu && $concurrent_failed == 0") |"
  echo "| Ingest POST /signal, 100k apps, alone | $(rps "$ingest_alone") | reference | | |"
  echo "| Ingest while /metrics is scraped back to back ($scrape_count scrapes) | $(rps "$ingest_scraped") | >= 70 % of alone | $(calc "100 * $a_scraped / $a_alone" 0) % | $(ok "$a_scraped >= 0.7 * $a_alone") |"
  echo "| RSS per application, 100k apps, after scrapes ((RSS - idle) / 100k) | $per_app_bytes B ($per_app_total B with idle; $(calc "$rss_loaded / 1024" 0) MiB at start, $(calc "$rss_scraped / 1024" 0) MiB after scrapes) | <= 1024 B | | $(ok "$per_app_bytes <= 1024") |"
  echo "| Idle RSS, 0 apps | $(calc "$idle_rss / 1024" 1) MiB | <= 15 MiB | | $(ok "$idle_rss <= 15 * 1024") |"
  echo "| Start to ready, 100k apps, 10M history rows (median of 3, warm page cache) | $ready_median ms | <= 2000 ms | | $(ok "$ready_median <= 2000") |"
  echo "| Non-2xx answers (and failed requests at 1k req/s) during the exporter's loads | $errors_total | 0 | | $(ok "$errors_total == 0") |"
  echo "$storage"
} | tee "$out"
log "table written to $out"
echo
echo "Phases of one scrape in-process (scrape_phases, ms): $phases"
echo
echo "gzip candidates on the scrape text (gzip_options, CPU ms per scrape):"
echo "$gzip_candidates"
