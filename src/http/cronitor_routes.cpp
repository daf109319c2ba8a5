// Cronitor's telemetry API: /p/<key>/<monitor> on HEAD, GET and POST, and the
// Cronitor CLI's /ping/<key>/<monitor>?state=... (dispatched here from
// ping_routes.cpp). The key is a team's ping key, the monitor an application's
// name in that team; an unknown monitor is created when the key allows
// auto-provisioning, as Cronitor creates monitors on their first event.
#include <charconv>
#include <cmath>
#include <map>

#include "heartbeat/core/text.h"
#include "heartbeat/core/token.h"
#include "http/ping_forms.h"
#include "http/push_signal.h"
#include "http/request_helpers.h"
#include "http/routes.h"

namespace heartbeat::http {

namespace {

constexpr std::size_t kMaxSeriesLength = 256;
constexpr double kMaxDurationSeconds = 1e9;  // about 31 years

// Values come from the network: a message never echoes more than a readable prefix.
std::string Shown(const std::string& value) {
  return "\"" + (value.size() > 64 ? value.substr(0, 64) + "..." : value) + "\"";
}

std::optional<int> ParseStatusCode(const std::string& text) {
  int value = 0;
  const char* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, value);
  if (text.empty() || error != std::errc() || stop != end) return std::nullopt;
  return value;
}

std::optional<double> ParseDurationSeconds(const std::string& text) {
  double value = 0;
  const char* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, value);
  if (text.empty() || error != std::errc() || stop != end || !std::isfinite(value) || value < 0 ||
      value > kMaxDurationSeconds) {
    return std::nullopt;
  }
  return value;
}

using Parameters = std::map<std::string, std::string>;

std::optional<std::string> Find(const Parameters& parameters, const char* name) {
  const auto it = parameters.find(name);
  if (it == parameters.end()) return std::nullopt;
  return it->second;
}

// The signal `state` (and `status_code`) ask for, or nullopt for an unknown state.
std::optional<SignalKind> RequestedKind(const std::optional<std::string>& state,
                                        const std::optional<int>& status_code) {
  if (!state || *state == "ok") return SignalKind::kOk;  // a heartbeat, or a reset to healthy
  if (*state == "run") return SignalKind::kStart;
  if (*state == "fail") return SignalKind::kFail;
  if (*state == "complete") {
    return status_code.value_or(0) == 0 ? SignalKind::kOk : SignalKind::kFail;
  }
  return std::nullopt;
}

// The telemetry parameters as a push, or a sentence for the 400 answer.
std::string ParseTelemetry(const Parameters& parameters, PushRequest& push) {
  if (const auto text = Find(parameters, "status_code")) {
    push.exit_status = ParseStatusCode(*text);
    if (!push.exit_status) return "status_code must be a whole number, not " + Shown(*text);
  }
  if (const auto text = Find(parameters, "duration")) {
    push.reported_duration = ParseDurationSeconds(*text);
    if (!push.reported_duration) {
      return "duration must be a number of seconds from 0 to 1000000000, not " + Shown(*text);
    }
  }
  push.rid = Find(parameters, "series").value_or("");
  if (push.rid.size() > kMaxSeriesLength) {
    return "series must have at most " + std::to_string(kMaxSeriesLength) + " characters";
  }
  const auto state = Find(parameters, "state");
  const auto kind = RequestedKind(state, push.exit_status);
  if (!kind) return "state must be run, complete, fail or ok, not " + Shown(*state);
  push.requested = *kind;
  return "";
}

// `message` (or the CLI's `msg`) is the event's text; without one, a raw POST body is.
std::string TelemetryBody(const httplib::Request& req, const Parameters& parameters,
                          std::string raw_body) {
  if (auto message = Find(parameters, "message")) return *message;
  if (auto message = Find(parameters, "msg")) return *message;
  // A form body was read as parameters; it is not also a message.
  if (StartsWith(req.get_header_value("Content-Type"), "application/x-www-form-urlencoded")) {
    return "";
  }
  return raw_body;
}

}  // namespace

void HandleCronitorPing(HttpContext& context, const httplib::Request& req, httplib::Response& res,
                        const std::string& key_text, const std::string& monitor, std::string body) {
  // Cronitor's clients write spaces as '+' (Go's url.QueryEscape).
  const Parameters parameters = FormParameters(req);
  PushRequest push;
  if (std::string why = ParseTelemetry(parameters, push); !why.empty()) {
    return ReplyText(res, 400, why);
  }
  push.body = WithinBodyLimit(context, TelemetryBody(req, parameters, std::move(body)));
  const PingKeyRecord key = context.store.ping_keys().FindByHash(HashToken(key_text));
  if (!key) return ReplyText(res, 404, "not found");
  const KeyedApplication target = ResolveKeyed(context, *key, monitor, /*create=*/true);
  if (target.outcome == KeyedOutcome::kStoreFailed) return ReplyText(res, 503, target.message);
  if (!target.app) return ReplyText(res, 404, "not found");
  const WriteResult result = RecordPush(context, *target.app, req, std::move(push));
  if (result.status == WriteStatus::kNotFound) return ReplyText(res, 404, "not found");
  if (result.status != WriteStatus::kOk) return ReplyText(res, 503, result.message);
  ReplyText(res, 200, "");
}

std::vector<Route> CronitorRoutes(HttpContext& context) {
  const char* const kPattern = R"(/p/([^/]+)/([^/]+))";
  const httplib::Server::Handler handle = [&context](const httplib::Request& req,
                                                     httplib::Response& res) {
    HandleCronitorPing(context, req, res, req.matches[1], req.matches[2], req.body);
  };
  // Auth::kToken: the ping key in the path. GET also answers HEAD.
  return {
      {Method::kGet, kPattern, "cronitor", Auth::kToken, BodyPolicy::kLimited, true, handle, {}},
      {Method::kPost, kPattern, "cronitor", Auth::kToken, BodyPolicy::kLimited, true, handle, {}}};
}

}  // namespace heartbeat::http
