#pragma once

#include <memory>
#include <string>

#include "heartbeat/clock.h"

namespace heartbeat {

// A cron schedule (5 fields, or @hourly/@daily/@weekly/@monthly/@yearly) in an
// IANA time zone. Immutable and thread-safe once parsed.
class Schedule {
 public:
  // Throws std::invalid_argument with a sentence naming the bad field, e.g.
  // "schedule \"61 * * * *\": minute 61 is out of range 0-59".
  static std::shared_ptr<const Schedule> Parse(const std::string& expression,
                                               const std::string& timezone = "UTC");
  virtual ~Schedule() = default;

  // The first fire time strictly after `after` (a fire at exactly `after` is not returned).
  virtual TimePoint NextAfter(TimePoint after) const = 0;

  virtual const std::string& expression() const = 0;
  virtual const std::string& timezone() const = 0;
};

}  // namespace heartbeat
