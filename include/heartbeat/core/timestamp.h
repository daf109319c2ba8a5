#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "heartbeat/core/clock.h"

namespace heartbeat {

// ISO 8601 UTC with milliseconds, as every answer and log line writes it:
// 2026-11-21T22:43:31.123Z.
std::string FormatTimestamp(TimePoint time);

// The inverse of FormatTimestamp; fractions of any length (or none) are accepted.
// nullopt when the text is not in that form or names an impossible date.
std::optional<TimePoint> ParseTimestamp(std::string_view text);

}  // namespace heartbeat
