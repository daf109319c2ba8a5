#!/usr/bin/env bash
# Runs the fuzz targets (fuzz/) for longer than scripts/test.sh does, in the
# ASan + UBSan configuration, optimised (-O1) in its own build-fuzz. Usage:
#   scripts/fuzz.sh [--seconds N] [--merge] [target...]
# --seconds N  per target (default 600); targets run $(nproc) at a time
# --merge      afterwards, add the inputs that found new coverage to the seed
#              corpus in fuzz/corpus/<target>/ (minimized; commit them)
# Without targets, every target runs. A crash leaves its input in
# build-fuzz/fuzz/work/crashes/ and fails the command; reproduce it with
# build-fuzz/fuzz/fuzz_<target> <that file>, then make it a unit test.
set -euo pipefail
cd "$(dirname "$0")/.."
sanitizer_optimization=-O1  # read by builds.sh: long runs want the executions per second
source scripts/sanitizers/builds.sh

seconds=600
merge=false
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds=$2; shift 2 ;;
    --merge) merge=true; shift ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) targets+=("$1"); shift ;;
  esac
done
if [ ${#targets[@]} -eq 0 ]; then
  for seeds in fuzz/corpus/*/; do targets+=("$(basename "$seeds")"); done
fi

scripts/install-deps.sh fuzz
configure_asan_build build-fuzz 15
cmake --build build-fuzz -j"$(nproc)" --target "${targets[@]/#/fuzz_}"
sanitizer_environment build-fuzz/sanitizer-reports
work=build-fuzz/fuzz/work
mkdir -p "$work/crashes"

run_target() {
  local target=$1
  mkdir -p "$work/$target"
  build-fuzz/fuzz/fuzz_"$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$work/crashes/$target-" \
    "$work/$target" "fuzz/corpus/$target" </dev/null >"$work/$target.log" 2>&1
}
export -f run_target
export work seconds

failed=0
printf '%s\n' "${targets[@]}" | xargs -P "$(nproc)" -n 1 bash -c 'run_target "$1"' _ || failed=1
for target in "${targets[@]}"; do
  echo "$target: $(grep -E '^(Done|stat::number_of_executed_units)' "$work/$target.log" | tr '\n' ' ')"
done
check_sanitizer_reports build-fuzz/sanitizer-reports || failed=1
if [ "$failed" -ne 0 ]; then
  echo "A fuzz target failed; logs in $work/*.log, inputs in $work/crashes/" >&2
  exit 1
fi

if $merge; then
  for target in "${targets[@]}"; do
    build-fuzz/fuzz/fuzz_"$target" -merge=1 "fuzz/corpus/$target" "$work/$target" </dev/null \
      >"$work/$target.merge.log" 2>&1
  done
  git status --short fuzz/corpus
fi
