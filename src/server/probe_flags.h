#pragma once

#include <CLI/CLI.hpp>

#include "heartbeat/server/exporter_options.h"

namespace heartbeat {

// --probe.*, --healthchecker.* and --zeroconf.advertise (docs/reference.md §5).
void AddProbeFlags(CLI::App& app, ExporterOptions& options);
// Throws std::invalid_argument with a sentence (a bad network in the allow-list).
void CheckProbeFlags(const ExporterOptions& options);

}  // namespace heartbeat
