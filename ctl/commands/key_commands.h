#pragma once

#include <CLI/CLI.hpp>

#include "ctl/commands/command_context.h"

namespace heartbeat::ctl {

// `heartbeatctl key ...`: add, list and revoke a team's ping keys (for
// healthchecks.io slug URLs and Cronitor telemetry) through the management API.
void AddKeyCommands(CLI::App& app, const GlobalOptions& globals, Action& chosen);

}  // namespace heartbeat::ctl
