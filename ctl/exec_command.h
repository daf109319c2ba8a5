#pragma once

#include <CLI/CLI.hpp>

#include "command_context.h"

namespace heartbeat::ctl {

// `heartbeatctl exec --ping-url URL -- CMD ARGS...`: runs a job between a start
// and a completion ping, healthchecks.io style, and exits with its status.
void AddExecCommand(CLI::App& app, Action& chosen);

}  // namespace heartbeat::ctl
