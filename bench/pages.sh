#!/usr/bin/env bash
# Times the pages (issue 17) with many applications: the overview at /, an
# application page, a status page of one team, a team badge, and the flips API.
# Usage: bench/pages.sh [BUILD_DIR] [APPLICATIONS]   (defaults: build, 10000)
# Applications come from a config file (one transaction at start), 20 teams,
# every tenth one on a 1 s interval so the deadline timer records flips. Each
# path is fetched 5 times with curl after a warm-up; the median is printed.
set -euo pipefail
build=${1:-build}
count=${2:-10000}
work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
{
  echo "applications:"
  for i in $(seq 1 "$count"); do
    interval=1h; [ $((i % 10)) -eq 0 ] && interval=1s
    printf '  - name: app-%05d\n    interval: %s\n    team: team-%02d\n' "$i" "$interval" $((i % 20))
  done
  printf 'status_pages:\n  - slug: team\n    title: Team 7\n    teams: [team-07]\n'
} > "$work/config.yaml"
echo "bench-admin-token" > "$work/admin-token"; chmod 600 "$work/admin-token"
"$build/heartbeat_exporter" --web.listen-address=127.0.0.1:$port --storage.path="$work/db" \
  --config.file="$work/config.yaml" --web.admin-token-file="$work/admin-token" --log.level=warn &
pid=$!
base=http://127.0.0.1:$port
for _ in $(seq 1 600); do curl -fs -o /dev/null "$base/-/ready" && break; sleep 0.1; done
key=$(curl -fs -H 'Authorization: Bearer bench-admin-token' -H 'Content-Type: application/json' \
  -d '{"team":"team-07"}' "$base/api/v1/badge-keys" | python3 -c 'import json,sys; print(json.load(sys.stdin)["key"])')
sleep 3  # the 1 s applications go outdated: the timer records their flips
median() {
  for _ in 1 2 3 4 5; do curl -fs -o /dev/null -w '%{time_total}\n' "$@"; done | sort -n | sed -n 3p
}
curl -fs -o /dev/null "$base/"
printf '%-40s %s s (%s bytes)\n' "GET / ($count applications)" "$(median "$base/")" \
  "$(curl -fs "$base/" | wc -c)"
printf '%-40s %s s\n' "GET /applications/app-00010" "$(median "$base/applications/app-00010")"
printf '%-40s %s s\n' "GET /status/team ($((count / 20)) applications)" "$(median "$base/status/team")"
printf '%-40s %s s\n' "GET /badge/<key>/team-07.svg" "$(median "$base/badge/$key/team-07.svg")"
printf '%-40s %s s\n' "GET .../app-00010/flips" \
  "$(median -H 'Authorization: Bearer bench-admin-token' "$base/api/v1/applications/app-00010/flips")"
printf 'flips recorded: %s\n' "$(sqlite3 "$work/db" 'SELECT count(*) FROM flips' 2>/dev/null || echo '?')"
