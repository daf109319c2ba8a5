#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "ctl/probe_args.h"

namespace heartbeat::ctl {

// A mistake in how heartbeatctl was called (exit status 2), as opposed to an
// error the server reported (exit status 1).
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Where the admin token comes from, first match wins: the --admin-token-file
// flag, the HEARTBEAT_ADMIN_TOKEN environment variable, then <data dir>/admin-token,
// the file the server writes on its first start. Surrounding whitespace is
// dropped (files end with a newline). Throws UsageError saying where it looked.
std::string ResolveAdminToken(const std::string& token_file, const char* environment_value,
                              const std::string& data_dir);

// The flags of `app add` / `app update`, as given; absent flags are not sent.
struct ApplicationArgs {
  std::optional<std::string> team;
  std::optional<std::string> interval;
  std::optional<std::string> schedule;
  std::optional<std::string> timezone;
  std::optional<std::string> grace;
  std::optional<std::string> token;
  bool manual_resume = false;
  ProbeArgs probe;                  // ctl/probe_args.h
  std::vector<std::string> labels;  // --label key=value, repeatable; replaces the whole set
  std::optional<std::string> start_window;
  std::optional<std::string> max_runtime;
  std::optional<std::string> min_runtime;
};

// Throws UsageError unless `name` is a valid application name.
void ValidateApplicationName(const std::string& name);

// The JSON body for POST (create: name set) or PATCH (update: name empty)
// /api/v1/applications. Durations are checked here so a typo is a usage error,
// then sent as written, the server being the one that interprets them.
// Throws UsageError for contradictions (interval with schedule, a time zone
// without a schedule on create, blank token, bad duration).
nlohmann::json BuildApplicationBody(const std::string& name, const ApplicationArgs& args);

// The flags of `key add`, as given.
struct PingKeyArgs {
  std::string team;
  std::optional<std::string> key;
  bool auto_provision = false;
  std::optional<std::string> interval;
  std::optional<std::string> schedule;
  std::optional<std::string> timezone;
  std::optional<std::string> grace;
};

// The JSON body for POST /api/v1/ping-keys. Throws UsageError for settings
// without --auto-provision, --interval with --schedule, --timezone without
// --schedule, a blank --key or a malformed duration.
nlohmann::json BuildPingKeyBody(const PingKeyArgs& args);

// "ok" or "fail" for `signal NAME STATUS`, case-insensitive; throws UsageError otherwise.
std::string NormalizeSignalStatus(const std::string& status);

}  // namespace heartbeat::ctl
