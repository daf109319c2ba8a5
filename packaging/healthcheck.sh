#!/bin/bash
# The image's HEALTHCHECK: GET /-/healthy over plain HTTP with bash's /dev/tcp, because the
# slim image has no curl. With TLS or basic auth in --web.config.file it cannot pass: give
# `docker run --no-healthcheck` (or your own --health-cmd) there. Kubernetes ignores
# HEALTHCHECK; the Helm chart has its own probes.
set -u
port=${HEARTBEAT_HEALTHCHECK_PORT:-9799}
exec 3<>"/dev/tcp/127.0.0.1/$port" || exit 1
printf 'GET /-/healthy HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3
IFS= read -r -t 4 status_line <&3 || exit 1
[[ $status_line == HTTP/1.[01]\ 200\ * ]]
