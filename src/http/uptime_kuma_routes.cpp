// Uptime Kuma's push monitors: /api/push/<token> on any method, read from the
// query string only, answered with Uptime Kuma's own JSON and sentences.
#include <nlohmann/json.hpp>

#include "heartbeat/core/token.h"
#include "http/push_signal.h"
#include "http/request_helpers.h"
#include "http/routes.h"
#include "http/uptime_kuma_push.h"

namespace heartbeat::http {

namespace {

void ReplyKuma(httplib::Response& res, int status, const std::string& message) {
  // Member order as Uptime Kuma sends it: {"ok":false,"msg":"..."}.
  nlohmann::ordered_json body = {{"ok", status == 200}};
  if (status != 200) body["msg"] = message;
  res.status = status;
  res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                  kJsonContentType);
}

void ReplyKumaWrite(httplib::Response& res, const WriteResult& result) {
  if (result.status == WriteStatus::kNotFound) {
    return ReplyKuma(res, 404, "Monitor not found or not active.");
  }
  // Uptime Kuma answers every error with 404; a store that could not commit is
  // a 503 here, so that a retrying client knows nothing was recorded.
  if (result.status != WriteStatus::kOk) return ReplyKuma(res, 503, result.message);
  ReplyKuma(res, 200, "");
}

void HandlePush(HttpContext& context, const httplib::Request& req, httplib::Response& res) {
  // Only the query string counts, decoded as Node's query parser does ('+' is a space).
  const KumaPush parsed = ParseKumaPush(QueryParameters(req));
  if (!parsed.error.empty()) return ReplyKuma(res, 404, parsed.error);
  const ApplicationRecord app = context.index.FindByToken(HashToken(req.matches[1].str()));
  if (!app) return ReplyKuma(res, 404, "Monitor not found or not active.");
  PushRequest push;
  push.requested = parsed.requested;
  push.body = WithinBodyLimit(context, parsed.message);
  push.reported_duration = parsed.duration_seconds;
  RecordPushThenReply(context, *app, req, std::move(push), res, ReplyKumaWrite);
}

}  // namespace

std::vector<Route> UptimeKumaRoutes(HttpContext& context) {
  const httplib::Server::Handler handle = [&context](const httplib::Request& req,
                                                     httplib::Response& res) {
    HandlePush(context, req, res);
  };
  // Every method Uptime Kuma's router.all accepts that httplib can route (HEAD goes to GET).
  std::vector<Route> rows;
  for (Method method : {Method::kGet, Method::kPost, Method::kPut, Method::kPatch, Method::kDelete,
                        Method::kOptions}) {
    rows.push_back({method,
                    R"(/api/push/([^/]+))",
                    "uptime_kuma",
                    Auth::kToken,
                    BodyPolicy::kLimited,
                    false,
                    handle,
                    {},
                    /*never_waits=*/true});
  }
  return rows;
}

}  // namespace heartbeat::http
