#!/usr/bin/env bash
# Builds everything with warnings as errors and runs every test: unit,
# integration (server on a free loopback port), promtool rule tests, dashboard
# lint, and the end-to-end run through real Prometheus and Alertmanager.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh test
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHEARTBEAT_WERROR=ON >/dev/null
cmake --build build -j"$(nproc)"
ctest --test-dir build --output-on-failure -j"$(nproc)" --timeout 600
