#include "ctl/args.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

#include "heartbeat/core/application.h"
#include "heartbeat/core/duration.h"

namespace heartbeat::ctl {
namespace {

std::string Trim(const std::string& text) {
  const auto is_space = [](unsigned char c) { return std::isspace(c) != 0; };
  auto begin = std::find_if_not(text.begin(), text.end(), is_space);
  auto end = std::find_if_not(text.rbegin(), text.rend(), is_space).base();
  return begin < end ? std::string(begin, end) : std::string();
}

std::optional<std::string> ReadTokenFile(const std::string& path) {
  std::ifstream file(path);
  if (!file) return std::nullopt;
  std::ostringstream content;
  content << file.rdbuf();
  return Trim(content.str());
}

void CheckDuration(const char* flag, const std::optional<std::string>& value) {
  if (!value) return;
  try {
    ParseDuration(*value);
  } catch (const std::invalid_argument& error) {
    throw UsageError(std::string(flag) + ": " + error.what());
  }
}

}  // namespace

std::string ResolveAdminToken(const std::string& token_file, const char* environment_value,
                              const std::string& data_dir) {
  if (!token_file.empty()) {
    auto token = ReadTokenFile(token_file);
    if (!token) throw UsageError("cannot read the admin token file " + token_file);
    if (token->empty()) throw UsageError("the admin token file " + token_file + " is empty");
    return *token;
  }
  if (environment_value != nullptr && !Trim(environment_value).empty()) {
    return Trim(environment_value);
  }
  const std::string local_file = (data_dir.empty() ? std::string(".") : data_dir) + "/admin-token";
  auto token = ReadTokenFile(local_file);
  if (token && !token->empty()) return *token;
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
  if (!create && body.empty()) {
    throw UsageError(
        "nothing to change: give at least one of --team, --interval, --schedule, "
        "--timezone, --grace, --manual-resume");
  }
  return body;
}

std::string NormalizeSignalStatus(const std::string& status) {
  std::string lower = status;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower != "ok" && lower != "fail") {
    throw UsageError("status must be ok or fail, not '" + status + "'");
  }
  return lower;
}

}  // namespace heartbeat::ctl
