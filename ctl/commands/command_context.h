#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>

#include "ctl/api_client.h"

namespace heartbeat::ctl {

// Flags every command shares, filled by CLI11 before any command runs.
struct GlobalOptions {
  std::string url = "http://localhost:9799";
  std::string admin_token_file;
  std::string data_dir = "data";
  std::string ca_file;
  std::string timeout = "30s";
};

// The work of the subcommand that was parsed; returns the exit status. Chosen
// in CLI11's callbacks, run after parsing so errors map to exit codes in one place.
using Action = std::function<int()>;

void AddGlobalOptions(CLI::App& app, GlobalOptions& options);

// A client for --url; with `admin` it carries the admin token (throws
// UsageError when none is found).
ApiClient MakeApiClient(const GlobalOptions& options, bool admin);

}  // namespace heartbeat::ctl
