// systemd OnCalendar schedules and sets of schedules (docs/reference.md §2.9).
#include <algorithm>
#include <stdexcept>

#include "core/calendar_expression.h"
#include "core/schedule_kinds.h"

namespace heartbeat {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

// 100 years, as for cron schedules.
constexpr date::days kHorizon{36525};

class CalendarSchedule final : public Schedule {
 public:
  CalendarSchedule(std::string expression, std::string timezone, CalendarExpression calendar,
                   const date::time_zone* zone)
      : expression_(std::move(expression)),
        timezone_(std::move(timezone)),
        calendar_(std::move(calendar)),
        zone_(zone) {}

  // systemd computes in wall-clock time: a time skipped by the clocks going
  // forward does not fire that day (systemd-analyze agrees), a repeated one
  // fires at its first occurrence.
  TimePoint NextAfter(TimePoint after) const override {
    const date::sys_time<milliseconds> instant{after.time_since_epoch()};
    // As for cron: no search from before 1900; none past the last year a calendar can name.
    static const date::sys_days earliest = date::year{1900} / 1 / 1;
    static const date::sys_days latest = date::year{CalendarExpression::kLastYear + 1} / 1 / 1;
    if (instant < earliest || instant >= latest) return Never();
    const seconds offset = zone_ ? zone_->get_info(instant).offset : seconds(0);
    LocalSeconds from{date::floor<seconds>(instant).time_since_epoch() + offset + seconds(1)};
    const LocalSeconds limit = from + kHorizon;
    while (const std::optional<LocalSeconds> match = calendar_.NextMatch(from, limit)) {
      seconds match_offset(0);
      if (zone_) {
        const date::local_info mapping = zone_->get_info(*match);
        if (mapping.result == date::local_info::nonexistent) {
          from = *match + seconds(1);
          continue;
        }
        match_offset = mapping.first.offset;  // the first occurrence when repeated
      }
      const TimePoint fire{
          std::chrono::duration_cast<milliseconds>(match->time_since_epoch() - match_offset)};
      if (fire > after) return fire;
      from = *match + seconds(1);
    }
    return Never();
  }

  const std::string& expression() const override { return expression_; }
  const std::string& timezone() const override { return timezone_; }

 private:
  std::string expression_;
  std::string timezone_;
  CalendarExpression calendar_;
  const date::time_zone* zone_;
};

class ScheduleSet final : public Schedule {
 public:
  ScheduleSet(std::string expression, std::string timezone,
              std::vector<std::shared_ptr<const Schedule>> parts)
      : expression_(std::move(expression)),
        timezone_(std::move(timezone)),
        parts_(std::move(parts)) {}

  TimePoint NextAfter(TimePoint after) const override {
    TimePoint earliest = Never();
    for (const auto& part : parts_) earliest = std::min(earliest, part->NextAfter(after));
    return earliest;
  }

  const std::string& expression() const override { return expression_; }
  const std::string& timezone() const override { return timezone_; }

 private:
  std::string expression_;
  std::string timezone_;
  std::vector<std::shared_ptr<const Schedule>> parts_;
};

}  // namespace

std::shared_ptr<const Schedule> MakeCalendarSchedule(const std::string& expression,
                                                     const std::string& timezone) {
  const CalendarParts parts = SplitCalendarZone(expression);
  const std::string zone_name = parts.zone.empty() ? timezone : parts.zone;
  CalendarExpression calendar = CalendarExpression::Parse(parts.calendar);
  // Like cron's "0 0 30 2 *": a schedule that matches no second of the years
  // it can name is refused (one whose days all lie in the past is accepted,
  // and sets no deadline, as systemd accepts it and never elapses it).
  const LocalSeconds first{date::local_days(date::year{CalendarExpression::kFirstYear} / 1 / 1)};
  const LocalSeconds end{date::local_days(date::year{CalendarExpression::kLastYear + 1} / 1 / 1)};
  if (!calendar.NextMatch(first, end)) {
    throw std::invalid_argument("schedule \"" + expression + "\" can never fire");
  }
  return std::make_shared<CalendarSchedule>(expression, zone_name, std::move(calendar),
                                            LocateZone(zone_name));
}

std::shared_ptr<const Schedule> MakeScheduleSet(
    const std::string& expression, const std::string& timezone,
    std::vector<std::shared_ptr<const Schedule>> parts) {
  return std::make_shared<ScheduleSet>(expression, timezone, std::move(parts));
}

std::string JoinSchedules(const std::vector<std::string>& schedules) {
  if (schedules.empty()) throw std::invalid_argument("a list of schedules cannot be empty");
  std::string joined;
  for (const std::string& schedule : schedules) {
    if (schedule.find(';') != std::string::npos) {
      throw std::invalid_argument("schedule \"" + schedule + "\" in a list cannot itself hold ';'");
    }
    joined += (joined.empty() ? "" : "; ") + schedule;
  }
  return joined;
}

}  // namespace heartbeat
