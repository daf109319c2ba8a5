#pragma once

#include <CLI/CLI.hpp>

#include "ctl/probe_args.h"

namespace heartbeat::ctl {

// --probe URL and its settings on `app add` and `app update`.
void AddProbeOptions(CLI::App& command, ProbeArgs& probe);

}  // namespace heartbeat::ctl
