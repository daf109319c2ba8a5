#pragma once

#include <date/date.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace heartbeat {

// Wall-clock minutes with no time zone attached (date's local_time).
using LocalMinutes = date::local_time<std::chrono::minutes>;

// The calendar half of a cron schedule: which wall-clock minutes match.
// Time zones and DST are Schedule's job; this class never sees them.
class CronExpression {
 public:
  // Five fields (minute hour day-of-month month day-of-week) or a macro.
  // Throws std::invalid_argument naming the field and value, e.g.
  // "schedule \"61 * * * *\": minute 61 is out of range 0-59".
  static CronExpression Parse(const std::string& expression);

  // The first matching minute in [from, limit), skipping whole months, days
  // and hours that cannot match, so a search over years costs microseconds.
  std::optional<LocalMinutes> NextMatch(LocalMinutes from, LocalMinutes limit) const;

  bool Matches(LocalMinutes minute) const;

  // cronie's "wildcard job": the minute or hour field starts with '*'. Such jobs
  // run at every real minute whose wall-clock time matches; the others ("fixed
  // time" jobs) are moved out of a DST gap and run once in a DST overlap.
  bool wildcard_time() const { return wildcard_time_; }

 private:
  CronExpression() = default;
  // Bit d (1..31) set when day d of that month matches the day fields.
  uint32_t MatchingDays(date::year_month ym) const;

  uint64_t minutes_ = 0;        // bits 0..59
  uint32_t hours_ = 0;          // bits 0..23
  uint32_t days_of_month_ = 0;  // bits 1..31
  uint32_t months_ = 0;         // bits 1..12
  // days_with_weekday_[w]: bits 1..31 of the days of a month whose first day is weekday w
  // (0 = Sunday) that fall on a weekday of the day-of-week field.
  uint32_t days_with_weekday_[7] = {};
  uint32_t weekdays_ = 0;  // bits 0..6
  bool day_of_month_star_ = false;
  bool day_of_week_star_ = false;
  bool wildcard_time_ = false;
};

}  // namespace heartbeat
