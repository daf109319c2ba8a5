#pragma once

// Uptime Kuma's push parameters (status, msg, ping) read as Uptime Kuma reads
// them, apart from the request, so that they are tested and fuzzed alone.

#include <map>
#include <optional>
#include <string>

#include "heartbeat/core/signal.h"

namespace heartbeat::http {

struct KumaPush {
  SignalKind requested = SignalKind::kOk;  // exactly `up` (or no status) is a success
  std::string message;                     // `msg`, "OK" when empty
  std::optional<double> duration_seconds;  // `ping` in seconds, when it holds a number
  std::string error;                       // Uptime Kuma's sentence for a 404, or ""
};

KumaPush ParseKumaPush(const std::map<std::string, std::string>& query);

// JavaScript's parseFloat: the longest number at the start of the text counts
// ("12ms" is 12); NaN when there is none.
double ParseFloatPrefix(const std::string& text);

}  // namespace heartbeat::http
