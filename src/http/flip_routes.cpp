// The state history in the management API: GET /api/v1/applications/<name>/flips.
#include <nlohmann/json.hpp>

#include "heartbeat/core/timestamp.h"
#include "heartbeat/core/uptime.h"
#include "http/request_helpers.h"
#include "http/routes.h"

namespace heartbeat::http {

namespace {

constexpr int kDefaultFlipLimit = 100;
constexpr int kMaxFlipLimit = 10000;
constexpr std::chrono::hours kUptimeSpan{24 * 30};

nlohmann::json Ratio(const std::optional<double>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

// The ?limit= of a request, or nullopt after answering 400.
std::optional<int> FlipLimit(const httplib::Request& req, httplib::Response& res) {
  if (!req.has_param("limit")) return kDefaultFlipLimit;
  const std::string text = req.get_param_value("limit");
  if (text.empty() || text.size() > 5 ||
      text.find_first_not_of("0123456789") != std::string::npos || std::stoi(text) < 1 ||
      std::stoi(text) > kMaxFlipLimit) {
    ReplyError(res, 400, "limit must be a whole number from 1 to " + std::to_string(kMaxFlipLimit));
    return std::nullopt;
  }
  return std::stoi(text);
}

void ServeFlips(HttpContext& context, const httplib::Request& req, httplib::Response& res) {
  const std::string name = req.matches[1];
  const ApplicationRecord app = context.index.FindByName(name);
  if (!app) return ReplyError(res, 404, "no application named \"" + name + "\"");
  const std::optional<int> limit = FlipLimit(req, res);
  if (!limit) return;
  const TimePoint now = context.clock.Now();
  const State recorded = context.store.Recorded(*app).state;
  const UptimeWindows uptime =
      UptimeOverWindows(context.store.Flips(app->id, now - kUptimeSpan), recorded, now);
  nlohmann::json flips = nlohmann::json::array();
  // Newest first, like /signals; the store answers in time order.
  const std::vector<Flip> rows = context.store.Flips(app->id, TimePoint{}, *limit);
  for (auto it = rows.rbegin(); it != rows.rend(); ++it) {
    flips.push_back({{"time", FormatTimestamp(it->at)},
                     {"from", StateName(it->from)},
                     {"to", StateName(it->to)},
                     {"reason", it->reason}});
  }
  ReplyJson(
      res, 200,
      {{"application", app->spec.name},
       {"state", StateName(Evaluate(*app, now).state)},
       {"uptime",
        {{"1d", Ratio(uptime.day)}, {"7d", Ratio(uptime.week)}, {"30d", Ratio(uptime.month)}}},
       {"flips", flips}});
}

}  // namespace

std::vector<Route> FlipRoutes(HttpContext& context) {
  auto flips = [&context](const httplib::Request& req, httplib::Response& res) {
    ServeFlips(context, req, res);
  };
  // Auth::kAdminBearer: the table checks the admin token before the handler runs.
  return {{Method::kGet,
           R"(/api/v1/applications/([^/]+)/flips)",
           "api",
           Auth::kAdminBearer,
           BodyPolicy::kLimited,
           false,
           flips,
           {}}};
}

}  // namespace heartbeat::http
