#pragma once

#include <CLI/CLI.hpp>

#include "ctl/commands/command_context.h"

namespace heartbeat::ctl {

// `heartbeatctl badge-key add|list|revoke`: the teams' read-only badge keys.
void AddBadgeKeyCommands(CLI::App& app, const GlobalOptions& globals, Action& chosen);

}  // namespace heartbeat::ctl
