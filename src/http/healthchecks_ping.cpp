// What healthchecks.io's UUID and slug URLs share: the action after the check's
// name, the rid check, and the plain-text answers.
#include "heartbeat/core/uuid.h"
#include "http/ping_forms.h"
#include "http/request_helpers.h"

namespace heartbeat::http {

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
  // Job metrics the store refused (a type clash, the series limit): nothing was recorded.
  if (result.status == WriteStatus::kConflict) return ReplyText(res, 409, result.message);
  if (result.status != WriteStatus::kOk) return ReplyText(res, 503, result.message);
  if (created) return ReplyText(res, 201, "Created");
  ReplyText(res, 200, "OK");
}

}  // namespace heartbeat::http
