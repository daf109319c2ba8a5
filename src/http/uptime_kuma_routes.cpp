// Uptime Kuma's push monitors: /api/push/<token> on any method, read from the
// query string only, answered with Uptime Kuma's own JSON and sentences.
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>

#include "heartbeat/core/token.h"
#include "http/push_signal.h"
#include "http/request_helpers.h"
#include "http/routes.h"

namespace heartbeat::http {

namespace {

constexpr double kMaxPingMilliseconds = 1e11;

// Uptime Kuma reads `ping` with JavaScript's parseFloat: the longest number at
// the start of the text counts ("12ms" is 12), and text with no number at all,
// like the empty `ping=` of its own example URL, is NaN: no value.
double ParseFloatPrefix(const std::string& text) {
  std::size_t start = 0;
  while (start < text.size() && std::isspace(static_cast<unsigned char>(text[start]))) ++start;
  const std::string rest = text.substr(start);
  if (rest.rfind("Infinity", 0) == 0 || rest.rfind("+Infinity", 0) == 0) return HUGE_VAL;
  if (rest.rfind("-Infinity", 0) == 0) return -HUGE_VAL;
  // strtod would also read hex ("0x10") and "inf"/"nan", which parseFloat does not.
  std::size_t end = 0;
  if (end < rest.size() && (rest[end] == '+' || rest[end] == '-')) ++end;
  const std::size_t digits_start = end;
  while (end < rest.size() && std::isdigit(static_cast<unsigned char>(rest[end]))) ++end;
  if (end < rest.size() && rest[end] == '.') ++end;
  while (end < rest.size() && std::isdigit(static_cast<unsigned char>(rest[end]))) ++end;
  const std::string mantissa = rest.substr(digits_start, end - digits_start);
  if (mantissa.empty() || mantissa == ".") return std::nan("");
  if (end < rest.size() && (rest[end] == 'e' || rest[end] == 'E')) {
    std::size_t exponent = end + 1;
    if (exponent < rest.size() && (rest[exponent] == '+' || rest[exponent] == '-')) ++exponent;
    if (exponent < rest.size() && std::isdigit(static_cast<unsigned char>(rest[exponent]))) {
      end = exponent;
      while (end < rest.size() && std::isdigit(static_cast<unsigned char>(rest[end]))) ++end;
    }
  }
  return std::strtod(rest.substr(0, end).c_str(), nullptr);
}

void ReplyKuma(httplib::Response& res, int status, const std::string& message) {
  // Member order as Uptime Kuma sends it: {"ok":false,"msg":"..."}.
  nlohmann::ordered_json body = {{"ok", status == 200}};
  if (status != 200) body["msg"] = message;
  res.status = status;
  res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                  kJsonContentType);
}

std::string Parameter(const std::map<std::string, std::string>& parameters, const char* name) {
  const auto it = parameters.find(name);
  return it == parameters.end() ? "" : it->second;
}

void HandlePush(HttpContext& context, const httplib::Request& req, httplib::Response& res) {
  // Only the query string counts, decoded as Node's query parser does ('+' is a space).
  const std::map<std::string, std::string> query = QueryParameters(req);
  const std::string status = Parameter(query, "status");
  const std::string message = Parameter(query, "msg");
  // `parseFloat(ping) || null`: no number, and 0, both mean no value.
  const double ping = ParseFloatPrefix(Parameter(query, "ping"));
  const bool has_ping = !std::isnan(ping) && ping != 0;
  if (has_ping && (ping < 0 || ping > kMaxPingMilliseconds)) {
    return ReplyKuma(res, 404, "Invalid ping value. Must be between 0 and 100000000000 ms.");
  }
  const ApplicationRecord app = context.index.FindByToken(HashToken(req.matches[1].str()));
  if (!app) return ReplyKuma(res, 404, "Monitor not found or not active.");
  PushRequest push;
  push.requested = (status.empty() || status == "up") ? SignalKind::kOk : SignalKind::kFail;
  push.body = WithinBodyLimit(context, message.empty() ? "OK" : message);
  if (has_ping) push.reported_duration = ping / 1000.0;
  const WriteResult result = RecordPush(context, *app, req, std::move(push));
  if (result.status == WriteStatus::kNotFound) {
    return ReplyKuma(res, 404, "Monitor not found or not active.");
  }
  // Uptime Kuma answers every error with 404; a store that could not commit is
  // a 503 here, so that a retrying client knows nothing was recorded.
  if (result.status != WriteStatus::kOk) return ReplyKuma(res, 503, result.message);
  ReplyKuma(res, 200, "");
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
                    {}});
  }
  return rows;
}

}  // namespace heartbeat::http
