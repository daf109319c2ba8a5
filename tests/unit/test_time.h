#pragma once

#include <date/date.h>

#include <sstream>
#include <string>

#include "heartbeat/clock.h"

namespace heartbeat::testing {

// "2026-03-29 02:30:00" (UTC) -> TimePoint, so expectations read like the spec.
inline TimePoint Utc(const std::string& text) {
  std::istringstream in(text);
  date::sys_time<std::chrono::milliseconds> parsed;
  in >> date::parse("%F %T", parsed);
  if (in.fail()) throw std::invalid_argument("bad test time " + text);
  return parsed;
}

}  // namespace heartbeat::testing
