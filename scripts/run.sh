#!/usr/bin/env bash
# Builds heartbeat_exporter (Release) and runs it on the embedded default:
# SQLite file data/heartbeat.db, admin token generated into data/admin-token.
# Extra arguments are passed to the server, e.g. scripts/run.sh --log.level=debug
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh build
cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release -DHEARTBEAT_BUILD_TESTS=OFF >/dev/null
cmake --build build-release -j"$(nproc)" --target heartbeat_exporter heartbeatctl
exec build-release/heartbeat_exporter --storage.path=data/heartbeat.db "$@"
