#!/usr/bin/env bash
# Builds everything with warnings as errors and runs every test. The plain
# build (gcc) makes the two binaries that the program-driving suites run as an
# operator would: promtool rule tests, dashboard lint, the end-to-end runs
# through real Prometheus and Alertmanager, the browser, and the packaging
# suite (the container image is built from packaging/Containerfile and run).
# The GoogleTest suites are built once, with clang under
# AddressSanitizer + UndefinedBehaviorSanitizer, and run there with the
# program-driving suites again; then every fuzz target for
# HEARTBEAT_FUZZ_SECONDS (default 10) each, and the store and HTTP suites under
# ThreadSanitizer. Any stage that fails fails the command; the time of each is
# printed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/sanitizers/builds.sh
jobs=$(nproc)
# The sanitizer stages' suites mostly wait (sockets, fsync, the programs they
# drive): at -j2 the ASan suites kept 60 % of two cores idle (135 s of wall
# time, 109 s of CPU), so they run twice as many tests at once as there are
# cores (68 s). The fuzz targets keep one per core: they only compute.
test_jobs=$((2 * jobs))
fuzz_seconds=${HEARTBEAT_FUZZ_SECONDS:-10}
timings=()

stage() {
  local name=$1 start=$SECONDS
  shift
  echo "== $name" >&2
  "$@"
  timings+=("$(printf '%-22s %4d s' "$name" $((SECONDS - start)))")
}

# The binaries only: the GoogleTest suites are compiled once, in build-asan.
# -g1 (functions and lines for a backtrace) compiles in 2/3 of the time of -g.
build_main() {
  cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O2 -g1 -DNDEBUG" \
    -DHEARTBEAT_WERROR=ON -DHEARTBEAT_UNIT_TESTS=OFF "${launcher_cmake_args[@]}" >/dev/null
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
  ctest --test-dir build-asan --output-on-failure -j"$test_jobs" --timeout 900 \
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
  ctest --test-dir build-tsan --output-on-failure -j"$test_jobs" --timeout 900 -L '^(store|http)$'
  check_sanitizer_reports build-tsan/sanitizer-reports
}

stage dependencies scripts/install-deps.sh test
stage build build_main
stage tests ctest --test-dir build --output-on-failure -j"$jobs" --timeout 600
# The sanitizer and fuzz stages gate like the others: any report fails the command.
stage asan-build build_asan
stage asan-tests asan_tests
stage fuzz fuzz_tests
stage tsan-build build_tsan
stage tsan-tests tsan_tests
printf '%s\n' "Stage times (wall clock):" "${timings[@]}" >&2
