#!/usr/bin/env bash
# Builds everything with warnings as errors and runs every test. The plain
# build (gcc) makes the two binaries that the program-driving suites run as an
# operator would: promtool rule tests, dashboard lint, the end-to-end runs
# through real Prometheus and Alertmanager, the browser, and the packaging
# suite (whose container image is built and run in the background while the
# compiler works). The GoogleTest suites are built once, with clang under
# AddressSanitizer + UndefinedBehaviorSanitizer, and run there with the
# program-driving suites again; then every fuzz target for
# HEARTBEAT_FUZZ_SECONDS (default 15) each, and the store and HTTP suites under
# ThreadSanitizer. Any stage that fails fails the command; the time of each is
# printed at the end.
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

# The binaries only: the GoogleTest suites are compiled once, in build-asan.
build_main() {
  cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHEARTBEAT_WERROR=ON \
    -DHEARTBEAT_UNIT_TESTS=OFF "${launcher_cmake_args[@]}" >/dev/null
  cmake --build build -j"$jobs"
}

# The container image test spends its minutes in debootstrap and podman, not
# on the CPU: it runs beside the sanitizer build instead of before it, and is
# waited for before any timing-sensitive suite starts.
container_log=build/packaging-container.log
container_pid=
start_container_test() {
  ctest --test-dir build --output-on-failure --timeout 1200 -R '^packaging_container$' \
    >"$container_log" 2>&1 </dev/null &
  container_pid=$!
}

wait_container_test() {
  local status=0
  wait "$container_pid" || status=$?
  container_pid=
  cat "$container_log"
  return "$status"
}

stop_container_test() {
  if [[ -n $container_pid ]]; then kill "$container_pid" 2>/dev/null || true; fi
}
trap stop_container_test EXIT

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
stage tests ctest --test-dir build --output-on-failure -j"$jobs" --timeout 600 \
  -E '^packaging_container$'
start_container_test
# The sanitizer and fuzz stages gate like the others: any report fails the command.
stage asan-build build_asan
stage container-test wait_container_test
stage asan-tests asan_tests
stage fuzz fuzz_tests
stage tsan-build build_tsan
stage tsan-tests tsan_tests
printf '%s\n' "Stage times (wall clock):" "${timings[@]}" >&2
