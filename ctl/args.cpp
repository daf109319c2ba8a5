#include "ctl/args.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

#include "heartbeat/core/application.h"
#include "heartbeat/core/duration.h"
#include "heartbeat/core/labels.h"
#include "heartbeat/core/storage_location.h"
#include "heartbeat/core/text.h"

namespace heartbeat::ctl {
namespace {

// The token in `path`, or nullopt when it cannot be read or is empty.
std::optional<std::string> ReadTokenFile(const std::string& path) {
  try {
    return ReadSecretFile(path, "admin token file");
  } catch (const std::runtime_error&) {
    return std::nullopt;
  }
}

void CheckDuration(const char* flag, const std::optional<std::string>& value) {
  if (!value) return;
  try {
    ParseDuration(*value);
  } catch (const std::invalid_argument& error) {
    throw UsageError(std::string(flag) + ": " + error.what());
  }
}

// --label key=value (repeatable) as the API's labels object.
nlohmann::json LabelsObject(const std::vector<std::string>& assignments) {
  Labels labels;
  for (const std::string& assignment : assignments) {
    try {
      auto [name, value] = ParseLabelAssignment(assignment);
      if (!labels.emplace(name, value).second) {
        throw std::invalid_argument("label " + name + " is given twice");
      }
    } catch (const std::invalid_argument& error) {
      throw UsageError(std::string("--label: ") + error.what());
    }
  }
  if (std::string why = CheckLabels(labels); !why.empty()) throw UsageError("--label: " + why);
  return nlohmann::json(labels);
}

void AddRunWindows(const ApplicationArgs& args, nlohmann::json& body) {
  const std::pair<const char*, const std::optional<std::string>*> windows[] = {
      {"start_window", &args.start_window},
      {"max_runtime", &args.max_runtime},
      {"min_runtime", &args.min_runtime}};
  for (const auto& [field, value] : windows) {
    std::string flag = std::string("--") + field;
    std::replace(flag.begin(), flag.end(), '_', '-');
    CheckDuration(flag.c_str(), *value);
    if (*value) body[field] = **value;
  }
}

}  // namespace

std::string ResolveAdminToken(const std::string& token_file, const char* environment_value,
                              const std::string& data_dir) {
  if (!token_file.empty()) {
    try {
      return ReadSecretFile(token_file, "admin token file");
    } catch (const std::runtime_error& error) {
      throw UsageError(error.what());
    }
  }
  if (environment_value != nullptr && !Trim(environment_value).empty()) {
    return Trim(environment_value);
  }
  const std::string local_file = StorageLocation::InDirectory(data_dir).admin_token_file();
  if (auto token = ReadTokenFile(local_file)) return *token;
  throw UsageError(
      "no admin token: pass --admin-token-file FILE, set HEARTBEAT_ADMIN_TOKEN, or run "
      "where the server's " +
      local_file + " is readable (--data-dir)");
}

void ValidateApplicationName(const std::string& name) {
  if (!IsValidApplicationName(name)) {
    throw UsageError("invalid application name '" + name +
                     "': use 1 to 128 letters, digits, '.', '_' or '-', starting with a letter "
                     "or digit");
  }
}

nlohmann::json BuildApplicationBody(const std::string& name, const ApplicationArgs& args) {
  const bool create = !name.empty();
  if (create) ValidateApplicationName(name);
  if (args.interval && args.schedule) {
    throw UsageError("--interval and --schedule exclude each other: give one of them");
  }
  if (create && args.timezone && !args.schedule) {
    throw UsageError("--timezone only applies to a --schedule");
  }
  if (args.schedule && Trim(*args.schedule).empty()) throw UsageError("--schedule is blank");
  if (args.token && Trim(*args.token).empty()) throw UsageError("--token is blank");
  CheckDuration("--interval", args.interval);
  CheckDuration("--grace", args.grace);

  nlohmann::json body = nlohmann::json::object();
  if (create) body["name"] = name;
  if (args.team) body["team"] = *args.team;
  if (args.interval) body["interval"] = *args.interval;
  if (args.schedule) body["schedule"] = *args.schedule;
  if (args.timezone) body["timezone"] = *args.timezone;
  if (args.grace) body["grace"] = *args.grace;
  if (args.token) body["token"] = *args.token;
  if (args.manual_resume) body["manual_resume"] = true;
  if (auto probe = BuildProbeBody(args.probe, create)) body["probe"] = std::move(*probe);
  if (!args.labels.empty()) body["labels"] = LabelsObject(args.labels);
  AddRunWindows(args, body);
  if (!create && body.empty()) {
    throw UsageError(
        "nothing to change: give at least one of --team, --interval, --schedule, "
        "--timezone, --grace, --manual-resume, --label, --start-window, --max-runtime, "
        "--min-runtime, --probe and its settings");
  }
  return body;
}

nlohmann::json BuildPingKeyBody(const PingKeyArgs& args) {
  const bool has_settings = args.interval || args.schedule || args.timezone || args.grace;
  if (has_settings && !args.auto_provision) {
    throw UsageError(
        "--interval, --schedule, --timezone and --grace are the settings of auto-provisioned "
        "applications: add --auto-provision");
  }
  if (args.interval && args.schedule) {
    throw UsageError("--interval and --schedule exclude each other: give one of them");
  }
  if (args.timezone && !args.schedule) throw UsageError("--timezone only applies to a --schedule");
  if (args.schedule && Trim(*args.schedule).empty()) throw UsageError("--schedule is blank");
  if (args.key && Trim(*args.key).empty()) throw UsageError("--key is blank");
  CheckDuration("--interval", args.interval);
  CheckDuration("--grace", args.grace);

  nlohmann::json body = {{"team", args.team}, {"auto_provision", args.auto_provision}};
  if (args.key) body["key"] = *args.key;
  if (args.interval) body["interval"] = *args.interval;
  if (args.schedule) body["schedule"] = *args.schedule;
  if (args.timezone) body["timezone"] = *args.timezone;
  if (args.grace) body["grace"] = *args.grace;
  return body;
}

std::string NormalizeSignalStatus(const std::string& status) {
  const std::string lower = ToLower(status);
  if (lower != "ok" && lower != "fail") {
    throw UsageError("status must be ok or fail, not '" + status + "'");
  }
  return lower;
}

}  // namespace heartbeat::ctl
