#pragma once

#include <optional>
#include <string>

#include "heartbeat/core/clock.h"

namespace heartbeat {

// What one attempt found. `reason` is a sentence for the history and the log
// ("connection refused", "answered 500, expected 200", ...).
struct ProbeResult {
  bool success = false;
  bool warn = false;  // passed, but application/health+json said "warn": degraded
  double duration_seconds = 0;
  int http_status = 0;  // 0: no HTTP answer (TCP probe, or the attempt failed before one)
  // The earliest notAfter of the certificates the server sent (https only).
  std::optional<TimePoint> certificate_expiry;
  std::string reason;
};

}  // namespace heartbeat
