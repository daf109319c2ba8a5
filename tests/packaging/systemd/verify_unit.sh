#!/usr/bin/env bash
# packaging/systemd/heartbeat-exporter.service: `systemd-analyze verify` must print nothing at
# all (unknown keys and bad values are only warnings there, with exit status 0), and
# `systemd-analyze security --offline=true` must rate it at most MAX_EXPOSURE (docs/kubernetes.md
# quotes the score). Works without systemd running.
# Usage: verify_unit.sh REPO_ROOT HEARTBEAT_EXPORTER_BINARY
set -euo pipefail
repo=$1
binary=$2
max_exposure=2.0
unit=$repo/packaging/systemd/heartbeat-exporter.service

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# verify checks that ExecStart= exists: point it at the binary just built, the one change.
sed "s#/usr/local/bin/heartbeat_exporter#$binary#" "$unit" >"$work/heartbeat-exporter.service"
grep -q "^ExecStart=$binary " "$work/heartbeat-exporter.service"

output=$(cd "$work" && systemd-analyze verify --man=no heartbeat-exporter.service 2>&1) || {
  echo "FAIL: systemd-analyze verify exited non-zero:"; echo "$output"; exit 1; }
if [ -n "$output" ]; then
  echo "FAIL: systemd-analyze verify printed:"; echo "$output"; exit 1
fi
echo "ok - systemd-analyze verify: no output"

report=$(cd "$work" && systemd-analyze security --offline=true heartbeat-exporter.service 2>&1) || true
score=$(sed -n 's/.*Overall exposure level for heartbeat-exporter.service: \([0-9.]*\).*/\1/p' <<<"$report")
if [ -z "$score" ]; then
  echo "FAIL: no exposure level in:"; echo "$report"; exit 1
fi
if ! awk -v s="$score" -v m="$max_exposure" 'BEGIN { exit !(s <= m) }'; then
  echo "FAIL: exposure $score is above $max_exposure:"; grep '✗' <<<"$report"; exit 1
fi
echo "ok - systemd-analyze security --offline=true: exposure $score (at most $max_exposure)"

# The unit's promises, checked by key: a reload is SIGHUP, the data lives in the state directory.
for line in 'ExecReload=/bin/kill -HUP $MAINPID' 'DynamicUser=yes' 'StateDirectory=heartbeat-exporter' \
    'ProtectSystem=strict' 'NoNewPrivileges=yes' '--storage.path=/var/lib/heartbeat-exporter/heartbeat.db'; do
  grep -qF -- "$line" "$unit" || { echo "FAIL: the unit lacks $line"; exit 1; }
done
echo "ok - reload by SIGHUP, dynamic user, state directory, strict protection"
echo "systemd: 3 passed, 0 failed"
