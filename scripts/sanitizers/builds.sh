# Sourced by scripts/test.sh and scripts/fuzz.sh: the two sanitizer builds.
# clang 14 from Debian (scripts/install-deps.sh fuzz, or test); the Debian libraries
# (libstdc++, SQLite, httplib, ...) are used as built, uninstrumented.

sanitizer_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# Line tables only: stacks with file and line, far less debug info to write
# and link than -g. -O0 by default: the test command's sanitizer builds compile
# in half the time of -O1 (their suites spend their time waiting on sockets and
# fsync, not on the CPU), which keeps the whole command near 20 minutes on 2
# cores; scripts/fuzz.sh sets sanitizer_optimization=-O1 before sourcing this,
# as libFuzzer's documentation recommends for long runs. Asserts stay on.
# Warnings are errors here as in the plain build: the GoogleTest suites are
# compiled only here.
# ccache, when installed, makes a second run of the test command rebuild only
# what changed (a clean clone without it builds everything, as before).
launcher_cmake_args=()
if command -v ccache >/dev/null; then
  launcher_cmake_args=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
fi

# lld (lld-14): a test binary links in 0.5 s instead of ld.bfd's 2.4 s.
sanitizer_cmake_args=(
  -DCMAKE_CXX_COMPILER=clang++-14 -DHEARTBEAT_WERROR=ON -DCMAKE_BUILD_TYPE=Debug
  -DCMAKE_EXE_LINKER_FLAGS=-fuse-ld=lld
  "-DCMAKE_CXX_FLAGS_DEBUG=${sanitizer_optimization:--O0} -gline-tables-only"
  "${launcher_cmake_args[@]}"
)

# ASan + UBSan for every target, and the fuzz targets (libFuzzer) beside them.
configure_asan_build() {
  local dir=$1 fuzz_seconds=$2
  cmake -S . -B "$dir" "${sanitizer_cmake_args[@]}" -DHEARTBEAT_SANITIZE=address,undefined \
    -DHEARTBEAT_FUZZ=ON -DHEARTBEAT_FUZZ_SECONDS="$fuzz_seconds" >/dev/null
}

# TSan for the threaded parts: the store's writer and the HTTP connection loop.
configure_tsan_build() {
  local dir=$1
  cmake -S . -B "$dir" "${sanitizer_cmake_args[@]}" -DHEARTBEAT_SANITIZE=thread >/dev/null
}

# Reports go to files (children of the tests report there too, even when the
# test does not look at their stderr); any file there fails the stage.
sanitizer_environment() {
  local reports=$1
  rm -rf "$reports" && mkdir -p "$reports"
  export ASAN_OPTIONS="halt_on_error=1:detect_leaks=1:log_path=$reports/asan"
  export LSAN_OPTIONS="suppressions=$sanitizer_dir/lsan.supp:print_suppressions=0"
  export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:log_path=$reports/ubsan"
  export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:log_path=$reports/tsan:suppressions=$sanitizer_dir/tsan.supp"
}

# Fails (prints the reports) when a sanitizer wrote anything.
check_sanitizer_reports() {
  local reports=$1
  if compgen -G "$reports/*" >/dev/null; then
    echo "Sanitizer reports in $reports:" >&2
    cat "$reports"/* >&2
    return 1
  fi
}
