#pragma once

// Private to core: the kinds of Schedule that Schedule::Parse builds besides
// cron (docs/reference.md §2.9): systemd OnCalendar expressions and sets of
// schedules separated by ';'.

#include <date/tz.h>

#include <memory>
#include <string>
#include <vector>

#include "heartbeat/core/schedule.h"

namespace heartbeat {

// Null for UTC, which needs no time zone database; throws std::invalid_argument
// for a name the database does not know.
const date::time_zone* LocateZone(const std::string& timezone);

// An OnCalendar expression, read in its own zone suffix if it has one, else in `timezone`.
std::shared_ptr<const Schedule> MakeCalendarSchedule(const std::string& expression,
                                                     const std::string& timezone);

// Due at the earliest next fire of any part.
std::shared_ptr<const Schedule> MakeScheduleSet(const std::string& expression,
                                                const std::string& timezone,
                                                std::vector<std::shared_ptr<const Schedule>> parts);

}  // namespace heartbeat
