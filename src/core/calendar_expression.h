#pragma once

#include <date/date.h>

#include <bitset>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace heartbeat {

// Wall-clock seconds with no time zone attached (date's local_time).
using LocalSeconds = date::local_time<std::chrono::seconds>;

// The calendar half of a systemd OnCalendar expression (systemd.time(7)):
// `[weekdays] [[year-]month-day] [hour:minute[:second]]`, or a keyword such
// as daily or weekly. The time zone suffix is split off by the caller
// (SplitCalendarZone); time zones and DST are Schedule's job.
class CalendarExpression {
 public:
  // Throws std::invalid_argument with a sentence naming the part and value,
  // e.g. "schedule \"Mon *-*-* 25:00\": hour 25 is out of range 0-23".
  static CalendarExpression Parse(const std::string& expression);

  // The first matching second in [from, limit).
  std::optional<LocalSeconds> NextMatch(LocalSeconds from, LocalSeconds limit) const;

  static constexpr int kFirstYear = 1970;
  static constexpr int kLastYear = 2199;

 private:
  CalendarExpression() = default;
  bool DayMatches(date::year_month_day day) const;
  // The first matching second of the day at or after `second_of_day`.
  std::optional<int> FirstTimeFrom(int second_of_day) const;

  uint32_t weekdays_ = 0;  // bits 0..6, 0 = Sunday
  std::bitset<kLastYear - kFirstYear + 1> years_;
  uint32_t months_ = 0;   // bits 1..12
  uint32_t days_ = 0;     // bits 1..31
  uint32_t hours_ = 0;    // bits 0..23
  uint64_t minutes_ = 0;  // bits 0..59
  uint64_t seconds_ = 0;  // bits 0..59
};

// "Mon *-*-* 02:00 Europe/Berlin" → {"Mon *-*-* 02:00", "Europe/Berlin"}; the
// zone is empty when the last word is not a time zone name.
struct CalendarParts {
  std::string calendar;
  std::string zone;
};
CalendarParts SplitCalendarZone(const std::string& expression);

// True for what is not a cron expression: a systemd keyword, or text with ':'
// (a time), ".." (a range) or a date with '-' in other than five fields.
bool LooksLikeCalendar(const std::string& expression);

}  // namespace heartbeat
