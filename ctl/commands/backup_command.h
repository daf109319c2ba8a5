#pragma once

#include <CLI/CLI.hpp>

#include "ctl/commands/command_context.h"

namespace heartbeat::ctl {

// `heartbeatctl backup FILE`: an online backup of the server's database
// (POST /api/v1/backup), written to FILE only once it arrived whole.
void AddBackupCommand(CLI::App& app, const GlobalOptions& globals, Action& chosen);

}  // namespace heartbeat::ctl
