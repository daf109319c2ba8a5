// Cronitor's telemetry API: /p/<key>/<monitor> on HEAD, GET and POST, and the
// Cronitor CLI's /ping/<key>/<monitor>?state=... (dispatched here from
// ping_routes.cpp). The key is a team's ping key, the monitor an application's
// name in that team; an unknown monitor is created when the key allows
// auto-provisioning, as Cronitor creates monitors on their first event.
#include <optional>

#include "heartbeat/core/text.h"
#include "heartbeat/core/token.h"
#include "http/cronitor_telemetry.h"
#include "http/ping_forms.h"
#include "http/push_signal.h"
#include "http/request_helpers.h"
#include "http/routes.h"

namespace heartbeat::http {

namespace {

using Parameters = TelemetryParameters;

// `message` (or the CLI's `msg`) is the event's text; without one, a raw POST body is.
std::string TelemetryBody(const httplib::Request& req, const Parameters& parameters,
                          std::string raw_body) {
  if (auto message = TelemetryMessage(parameters)) return *message;
  // A form body was read as parameters; it is not also a message.
  if (StartsWith(req.get_header_value("Content-Type"), "application/x-www-form-urlencoded")) {
    return "";
  }
  return raw_body;
}

void ReplyCronitorWrite(httplib::Response& res, const WriteResult& result) {
  if (result.status == WriteStatus::kNotFound) return ReplyText(res, 404, "not found");
  // Job metrics the store refused (a type clash, the series limit): nothing was recorded.
  if (result.status == WriteStatus::kConflict) return ReplyText(res, 409, result.message);
  if (result.status != WriteStatus::kOk) return ReplyText(res, 503, result.message);
  ReplyText(res, 200, "");
}

}  // namespace

void HandleCronitorPing(HttpContext& context, const httplib::Request& req, httplib::Response& res,
                        const std::string& key_text, const std::string& monitor, std::string body) {
  // Cronitor's clients write spaces as '+' (Go's url.QueryEscape).
  const Parameters parameters = FormParameters(req);
  PushRequest push;
  if (std::string why = ParseCronitorTelemetry(parameters, push); !why.empty()) {
    return ReplyText(res, 400, why);
  }
  if (std::string why = ParseCronitorMetrics(FormParameterValues(req, "metric"), push);
      !why.empty()) {
    return ReplyText(res, 400, why);
  }
  push.body = WithinBodyLimit(context, TelemetryBody(req, parameters, std::move(body)));
  const PingKeyRecord key = context.store.ping_keys().FindByHash(HashToken(key_text));
  if (!key) return ReplyText(res, 404, "not found");
  const KeyedApplication target = ResolveKeyed(context, *key, monitor, /*create=*/true);
  if (target.outcome == KeyedOutcome::kStoreFailed) return ReplyText(res, 503, target.message);
  if (!target.app) return ReplyText(res, 404, "not found");
  RecordPushThenReply(context, *target.app, req, std::move(push), res, ReplyCronitorWrite);
}

std::vector<Route> CronitorRoutes(HttpContext& context) {
  const char* const kPattern = R"(/p/([^/]+)/([^/]+))";
  const httplib::Server::Handler handle = [&context](const httplib::Request& req,
                                                     httplib::Response& res) {
    HandleCronitorPing(context, req, res, req.matches[1], req.matches[2], req.body);
  };
  // Auth::kToken: the ping key in the path. GET also answers HEAD.
  Route get{Method::kGet,         kPattern, "cronitor", Auth::kToken,
            BodyPolicy::kLimited, true,     handle,     {}};
  get.never_waits = true;
  Route post = get;
  post.method = Method::kPost;
  return {get, post};
}

}  // namespace heartbeat::http
