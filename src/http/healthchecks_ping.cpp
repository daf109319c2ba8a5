// What healthchecks.io's UUID and slug URLs share: the action after the check's
// name, the rid check, and the plain-text answers.
#include "heartbeat/core/uuid.h"
#include "http/ping_forms.h"
#include "http/request_helpers.h"

namespace heartbeat::http {

PingAction ParsePingAction(const std::string& action) {
  PingAction parsed;
  if (action.empty()) {
    parsed.exit_status = 0;
  } else if (action == "start") {
    parsed.kind = SignalKind::kStart;
  } else if (action == "fail") {
    parsed.kind = SignalKind::kFail;
  } else if (action == "log") {
    parsed.kind = SignalKind::kLog;
  } else if (action.size() <= 9 && action.find_first_not_of("0123456789") == std::string::npos) {
    const int status = std::stoi(action);
    if (status > 255) {
      parsed.outcome = PingAction::Outcome::kBadUrl;
    } else {
      parsed.kind = status == 0 ? SignalKind::kOk : SignalKind::kFail;
      parsed.exit_status = status;
    }
  } else if (action.find_first_not_of("0123456789") == std::string::npos) {
    parsed.outcome = PingAction::Outcome::kBadUrl;  // digits, but far over 255
  } else {
    parsed.outcome = PingAction::Outcome::kNotFound;
  }
  return parsed;
}

bool CheckActionAndRid(const PingAction& action, const httplib::Request& req,
                       httplib::Response& res) {
  if (action.outcome == PingAction::Outcome::kBadUrl) {
    ReplyText(res, 400, "invalid url format");
    return false;
  }
  if (action.outcome == PingAction::Outcome::kNotFound) {
    ReplyText(res, 404, "not found");
    return false;
  }
  if (req.has_param("rid") && !IsUuid(req.get_param_value("rid"))) {
    ReplyText(res, 400, "invalid uuid format");
    return false;
  }
  return true;
}

void ReplyPingWrite(httplib::Response& res, const WriteResult& result, bool created) {
  if (result.status == WriteStatus::kNotFound) return ReplyText(res, 404, "not found");
  if (result.status != WriteStatus::kOk) return ReplyText(res, 503, result.message);
  if (created) return ReplyText(res, 201, "Created");
  ReplyText(res, 200, "OK");
}

}  // namespace heartbeat::http
