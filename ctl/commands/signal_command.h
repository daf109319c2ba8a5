#pragma once

#include <CLI/CLI.hpp>

#include "ctl/commands/command_context.h"

namespace heartbeat::ctl {

// `heartbeatctl signal NAME ok|fail`: a statuscope-style POST /signal with the
// application's own token, the way a job would report.
void AddSignalCommand(CLI::App& app, const GlobalOptions& globals, Action& chosen);

}  // namespace heartbeat::ctl
