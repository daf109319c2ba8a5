#pragma once

#include <string>
#include <string_view>

#include "heartbeat/core/clock.h"

namespace heartbeat {

// The longest duration anything accepts (intervals, grace, probe timing):
// 100 years of 365 days. Deadlines stay far from overflowing a millisecond clock.
inline constexpr Seconds kMaxDuration{100LL * 365 * 24 * 60 * 60};

// Prometheus-style durations: "90s", "15m", "1h30m", "1d", "1w", "250ms" rounds
// down to whole seconds, or plain seconds ("3600"). Throws std::invalid_argument
// with a sentence that says what is accepted.
Seconds ParseDuration(std::string_view text);

// The shortest Prometheus-style spelling: 5400s -> "1h30m", 0 -> "0s".
std::string FormatDuration(Seconds duration);

// Byte sizes for flags: "100KiB", "1MiB", "512", "10KB" (KB = 1000). Throws std::invalid_argument.
long long ParseByteSize(std::string_view text);

}  // namespace heartbeat
