#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "heartbeat/core/signal.h"

namespace heartbeat::http {

// healthchecks.io's UUID-form ping paths: /ping/<token>[/start|/fail|/log|/<exit status>].
inline constexpr const char* kPingPathPattern = R"(/ping/([^/]+)(?:/([^/]+))?)";
// What the /ping/ route registers (httplib matches it against the decoded path):
// one more segment for the slug form's action, /ping/<ping key>/<name>/<action>
// (ping_routes.cpp tells the forms apart).
inline constexpr const char* kPingRoutePattern = R"(/ping/([^/]+)(?:/([^/]+))?(?:/([^/]+))?)";

// What the segment after the token asks for, and how healthchecks.io answers a bad one.
struct PingAction {
  enum class Outcome { kSignal, kNotFound, kBadUrl } outcome = Outcome::kSignal;
  SignalKind kind = SignalKind::kOk;
  std::optional<int> exit_status;
  bool job_metrics = false;  // /metrics: a success whose body is the job's metrics (issue 16)
};

// "" (success), "start", "fail", "log", "metrics" (a success carrying job
// metrics) or an exit status 0-255; digits over 255
// are a bad URL (400), anything else an unknown action (404).
PingAction ParsePingAction(std::string_view action);

struct PingPath {
  std::string token;
  PingAction action;
};

// The decoded request path read as the UUID form; nullopt for any other shape
// (the slug form's third segment included).
std::optional<PingPath> ParsePingPath(const std::string& path);

}  // namespace heartbeat::http
