#pragma once

#include <CLI/CLI.hpp>

#include "ctl/commands/command_context.h"

namespace heartbeat::ctl {

// `heartbeatctl exec --ping-url URL -- CMD ARGS...`: runs a job between a start
// and a completion ping, healthchecks.io style, and exits with its status.
// Of the global flags it uses only --ca-file.
void AddExecCommand(CLI::App& app, const GlobalOptions& globals, Action& chosen);

}  // namespace heartbeat::ctl
