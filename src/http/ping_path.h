#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "heartbeat/core/signal.h"

namespace heartbeat::http {

// healthchecks.io's ping paths: /ping/<token>[/start|/fail|/log|/<exit status>].
// The route registers this pattern; httplib matches it against the decoded path.
inline constexpr const char* kPingPathPattern = R"(/ping/([^/]+)(?:/([^/]+))?)";

// What the segment after the token asks for, and how healthchecks.io answers a bad one.
struct PingAction {
  enum class Outcome { kSignal, kNotFound, kBadUrl } outcome = Outcome::kSignal;
  SignalKind kind = SignalKind::kOk;
  std::optional<int> exit_status;
};

// "" (success), "start", "fail", "log" or an exit status 0-255; digits over 255
// are a bad URL (400), anything else an unknown action (404).
PingAction ParsePingAction(std::string_view action);

struct PingPath {
  std::string token;
  PingAction action;
};

// The decoded request path matched as the route matches it; nullopt when the
// route would not be taken (the server then answers its own 404).
std::optional<PingPath> ParsePingPath(const std::string& path);

}  // namespace heartbeat::http
