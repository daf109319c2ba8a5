#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "heartbeat/core/clock.h"

namespace heartbeat {

// A cron schedule (5 fields, or @hourly/@daily/@weekly/@monthly/@yearly) in an
// IANA time zone. Immutable and thread-safe once parsed. The dialect and the DST
// rules (cronie's) are described in docs/schedules.md.
class Schedule {
 public:
  // Several schedules in one expression, separated by ';': due at the earliest.
  static constexpr std::size_t kMaxSchedules = 16;

  // A cron expression (optionally prefixed CRON_TZ=<zone> or TZ=<zone>), a
  // systemd OnCalendar expression (optionally ending in a zone), or several of
  // either separated by ';'. Throws std::invalid_argument with a sentence
  // naming the bad field, e.g. "schedule \"61 * * * *\": minute 61 is out of range 0-59".
  static std::shared_ptr<const Schedule> Parse(const std::string& expression,
                                               const std::string& timezone = "UTC");
  virtual ~Schedule() = default;

  // The first fire time strictly after `after` (a fire at exactly `after` is not returned).
  // Returns Never() when there is none within 100 years of `after` or `after` lies
  // outside the years 1900-9000; Parse rejects schedules that can never fire, so
  // with a sane clock callers do not see it.
  virtual TimePoint NextAfter(TimePoint after) const = 0;

  // 9999-12-31T23:59:00Z: far enough to mean "no deadline", near enough that
  // adding a grace period cannot overflow.
  static TimePoint Never();

  virtual const std::string& expression() const = 0;
  virtual const std::string& timezone() const = 0;
};

// Several schedules as the one expression Schedule::Parse reads ("a; b"), for
// the config file's and the API's list form. Throws std::invalid_argument for
// an empty list or an item that holds ';' itself.
std::string JoinSchedules(const std::vector<std::string>& schedules);

}  // namespace heartbeat
