#pragma once

#include <date/date.h>

#include <cstdio>
#include <stdexcept>
#include <string>

#include "heartbeat/core/clock.h"

namespace heartbeat::testing {

// "2026-03-29 02:30:00" (UTC) -> TimePoint, so expectations read like the reference examples.
// sscanf rather than date::parse: the latter trips -Wmaybe-uninitialized in g++ 12.
inline TimePoint Utc(const std::string& text) {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (std::sscanf(text.c_str(), "%d-%d-%d %d:%d:%d", &year, &month, &day, &hour, &minute,
                  &second) != 6) {
    throw std::invalid_argument("bad test time " + text);
  }
  const date::sys_days days = date::year{year} / month / day;
  return TimePoint(days) + std::chrono::hours(hour) + std::chrono::minutes(minute) +
         std::chrono::seconds(second);
}

}  // namespace heartbeat::testing
