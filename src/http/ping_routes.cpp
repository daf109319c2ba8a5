// healthchecks.io's ping protocol: /ping/<token>[/start|/fail|/log|/<exit status>][?rid=<uuid>]
// on HEAD, GET and POST, answered in plain text exactly as healthchecks.io answers.
#include "heartbeat/core/tail_buffer.h"
#include "heartbeat/core/token.h"
#include "heartbeat/core/uuid.h"
#include "http/ping_path.h"
#include "http/request_helpers.h"
#include "http/routes.h"

namespace heartbeat::http {

namespace {

void HandlePing(HttpContext& context, const httplib::Request& req, httplib::Response& res,
                std::string body) {
  res.set_header("Ping-Body-Limit", std::to_string(context.options.body_limit));
  const PingAction action = ParsePingAction(req.matches.size() > 2 ? req.matches[2].str() : "");
  if (action.outcome == PingAction::Outcome::kBadUrl)
    return ReplyText(res, 400, "invalid url format");
  if (action.outcome == PingAction::Outcome::kNotFound) return ReplyText(res, 404, "not found");
  const std::string rid = req.get_param_value("rid");
  if (req.has_param("rid") && !IsUuid(rid)) return ReplyText(res, 400, "invalid uuid format");

  const ApplicationRecord app = context.index.FindByToken(HashToken(req.matches[1].str()));
  if (!app) return ReplyText(res, 404, "not found");
  Signal signal;
  signal.kind = action.kind;
  signal.exit_status = action.exit_status;
  signal.rid = rid;
  signal.body = std::move(body);
  signal.remote_address = req.remote_addr;
  signal.user_agent = req.get_header_value("User-Agent");
  const WriteResult result = context.store.RecordSignal(app->id, std::move(signal));
  if (result.status == WriteStatus::kNotFound) return ReplyText(res, 404, "not found");
  if (result.status != WriteStatus::kOk) return ReplyText(res, 503, result.message);
  ReplyText(res, 200, "OK");
}

}  // namespace

std::vector<Route> PingRoutes(HttpContext& context) {
  // GET and HEAD (httplib routes HEAD to the GET handler and drops the body).
  auto get = [&context](const httplib::Request& req, httplib::Response& res) {
    TailBuffer tail(static_cast<std::size_t>(context.options.body_limit));
    tail.Append(req.body);
    HandlePing(context, req, res, tail.Take());
  };
  // POST streams the body through a tail buffer: a 10 MiB log costs at most
  // twice the body limit in memory, and is never rejected. The body is kept
  // raw whatever its content type (icloud-photos-sync sends logs as
  // application/x-www-form-urlencoded).
  auto post = [&context](const httplib::Request& req, httplib::Response& res,
                         const httplib::ContentReader& content_reader) {
    TailBuffer tail(static_cast<std::size_t>(context.options.body_limit));
    const auto keep = [&tail](const char* data, std::size_t length) {
      tail.Append(std::string_view(data, length));
      return true;
    };
    if (req.is_multipart_form_data()) {
      content_reader([](const httplib::MultipartFormData&) { return true; }, keep);
    } else {
      content_reader(keep);
    }
    HandlePing(context, req, res, tail.Take());
  };
  Route get_row{
      Method::kGet, kPingPathPattern, "ping", Auth::kToken, BodyPolicy::kTailKept, true, get, {}};
  Route post_row{
      Method::kPost, kPingPathPattern, "ping", Auth::kToken, BodyPolicy::kTailKept, true, {}, post};
  return {get_row, post_row};
}

}  // namespace heartbeat::http
