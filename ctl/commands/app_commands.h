#pragma once

#include <CLI/CLI.hpp>

#include "ctl/commands/command_context.h"

namespace heartbeat::ctl {

// `heartbeatctl app ...`: add, list, show, update, remove, token, pause,
// resume, history, all through the management API.
void AddAppCommands(CLI::App& app, const GlobalOptions& globals, Action& chosen);

}  // namespace heartbeat::ctl
