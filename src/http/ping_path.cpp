#include "http/ping_path.h"

#include <regex>

namespace heartbeat::http {

PingAction ParsePingAction(std::string_view action) {
  PingAction parsed;
  const bool digits = action.find_first_not_of("0123456789") == std::string_view::npos;
  if (action.empty()) {
    parsed.exit_status = 0;
  } else if (action == "start") {
    parsed.kind = SignalKind::kStart;
  } else if (action == "fail") {
    parsed.kind = SignalKind::kFail;
  } else if (action == "log") {
    parsed.kind = SignalKind::kLog;
  } else if (action == "metrics") {
    parsed.exit_status = 0;
    parsed.job_metrics = true;
  } else if (digits && action.size() <= 9) {  // nine digits always fit an int
    int status = 0;
    for (char c : action) status = status * 10 + (c - '0');
    if (status > 255) {
      parsed.outcome = PingAction::Outcome::kBadUrl;
    } else {
      parsed.kind = status == 0 ? SignalKind::kOk : SignalKind::kFail;
      parsed.exit_status = status;
    }
  } else if (digits) {
    parsed.outcome = PingAction::Outcome::kBadUrl;  // digits, but far over 255
  } else {
    parsed.outcome = PingAction::Outcome::kNotFound;
  }
  return parsed;
}

std::optional<PingPath> ParsePingPath(const std::string& path) {
  static const std::regex pattern(kPingPathPattern);
  std::smatch match;
  if (!std::regex_match(path, match, pattern)) return std::nullopt;
  return PingPath{match[1].str(), ParsePingAction(match[2].str())};
}

}  // namespace heartbeat::http
