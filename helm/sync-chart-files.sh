#!/usr/bin/env bash
# Copies alerts/*.rules.yaml and dashboards/*.json into the chart: Helm packages only
# files inside the chart's directory, so the chart keeps byte copies. tests/packaging
# (packaging_chart_coverage) fails while a copy differs from its source.
set -euo pipefail
cd "$(dirname "$0")/.."
files=helm/heartbeat-exporter/files
rm -f "$files"/*.rules.yaml
install -m 0644 alerts/*.rules.yaml "$files/"
rm -f "$files"/dashboards/*.json
install -m 0644 dashboards/*.json "$files/dashboards/"
