// healthchecks.io's ping protocol: /ping/<token>[/start|/fail|/log|/<exit status>][?rid=<uuid>]
// on HEAD, GET and POST, answered in plain text exactly as healthchecks.io answers.
// The same paths also carry the slug form /ping/<ping_key>/<slug>[/<action>]
// (slug_ping.cpp) and, with a `state` parameter, the Cronitor CLI's
// /ping/<key>/<monitor> (cronitor_routes.cpp); this file decides which form a request is.
#include "heartbeat/core/tail_buffer.h"
#include "heartbeat/core/token.h"
#include "http/job_metrics_intake.h"
#include "http/ping_forms.h"
#include "http/push_signal.h"
#include "http/request_helpers.h"
#include "http/routes.h"

namespace heartbeat::http {

namespace {

void HandleUuidPing(HttpContext& context, const httplib::Request& req, httplib::Response& res,
                    const ApplicationRecord& app, const std::string& action_text,
                    std::string body) {
  const PingAction action = ParsePingAction(action_text);
  if (!CheckActionAndRid(action, req, res)) return;
  if (!app) return ReplyText(res, 404, "not found");
  PushRequest push;
  push.requested = action.kind;
  push.exit_status = action.exit_status;
  push.rid = req.get_param_value("rid");
  if (!TakePingBody(context, action, req, res, std::move(body), push)) return;
  RecordPushThenReply(context, *app, req, std::move(push), res,
                      [](httplib::Response& answer, const WriteResult& result) {
                        ReplyPingWrite(answer, result, /*created=*/false);
                      });
}

// Which form a /ping/ request is. A secret is either an application's token or a
// ping key, never both (the store refuses the clash), so looking it up decides.
void DispatchPing(HttpContext& context, const httplib::Request& req, httplib::Response& res,
                  std::string body) {
  const std::string first = req.matches[1];
  const std::string second = req.matches.size() > 2 ? req.matches[2].str() : "";
  const std::string third = req.matches.size() > 3 ? req.matches[3].str() : "";
  // The Cronitor CLI's URL shares the slug form's shape; only it sends `state`.
  if (req.has_param("state") && !second.empty() && third.empty()) {
    return HandleCronitorPing(context, req, res, first, second, std::move(body));
  }
  res.set_header("Ping-Body-Limit", std::to_string(context.options.body_limit));
  const TokenHash hash = HashToken(first);
  const ApplicationRecord app = context.index.FindByToken(hash);
  if (!app && !second.empty()) {
    if (const PingKeyRecord key = context.store.ping_keys().FindByHash(hash)) {
      return HandleSlugPing(context, req, res, *key, second, third, std::move(body));
    }
  }
  if (!third.empty()) return ReplyText(res, 404, "not found");
  HandleUuidPing(context, req, res, app, second, std::move(body));
}

}  // namespace

std::vector<Route> PingRoutes(HttpContext& context) {
  // GET and HEAD (httplib routes HEAD to the GET handler and drops the body).
  auto get = [&context](const httplib::Request& req, httplib::Response& res) {
    TailBuffer tail(PingBodyCapacity(context));
    tail.Append(req.body);
    DispatchPing(context, req, res, tail.Take());
  };
  // POST streams the body through a tail buffer: a 10 MiB log costs at most
  // twice the body limit in memory (or twice 64 KiB, which job metrics need
  // whole), and is never rejected. The body is kept raw whatever its content
  // type (icloud-photos-sync sends logs as application/x-www-form-urlencoded);
  // each form cuts it to the body limit.
  auto post = [&context](const httplib::Request& req, httplib::Response& res,
                         const httplib::ContentReader& content_reader) {
    TailBuffer tail(PingBodyCapacity(context));
    const auto keep = [&tail](const char* data, std::size_t length) {
      tail.Append(std::string_view(data, length));
      return true;
    };
    if (req.is_multipart_form_data()) {
      content_reader([](const httplib::MultipartFormData&) { return true; }, keep);
    } else {
      content_reader(keep);
    }
    DispatchPing(context, req, res, tail.Take());
  };
  // Auth::kToken: the token, or a team's ping key for the slug and Cronitor forms.
  Route get_row{
      Method::kGet, kPingRoutePattern, "ping", Auth::kToken, BodyPolicy::kTailKept, true, get, {}};
  Route post_row{
      Method::kPost, kPingRoutePattern, "ping", Auth::kToken, BodyPolicy::kTailKept, true, {},
      post};
  get_row.never_waits = post_row.never_waits = true;
  return {get_row, post_row};
}

}  // namespace heartbeat::http
