#include "heartbeat/core/schedule.h"

#include <date/tz.h>

#include <algorithm>
#include <stdexcept>
#include <vector>

#include "core/calendar_expression.h"
#include "core/cron_expression.h"
#include "core/schedule_kinds.h"
#include "heartbeat/core/text.h"

namespace heartbeat {
namespace {

using std::chrono::milliseconds;
using std::chrono::minutes;
using LocalMillis = date::local_time<milliseconds>;

// Longer than the longest gap between two fires of any schedule Parse accepts
// (29 February on one weekday: 40 years across 2100).
constexpr date::days kHorizon{36525};

TimePoint FromSys(date::sys_time<milliseconds> t) { return TimePoint(t.time_since_epoch()); }
date::sys_time<milliseconds> ToSys(TimePoint t) {
  return date::sys_time<milliseconds>(t.time_since_epoch());
}

class CronSchedule final : public Schedule {
 public:
  CronSchedule(std::string expression, std::string timezone, CronExpression cron,
               const date::time_zone* zone)
      : expression_(std::move(expression)),
        timezone_(std::move(timezone)),
        cron_(cron),
        zone_(zone) {}

  TimePoint NextAfter(TimePoint after) const override {
    static const date::sys_days earliest = date::year{1900} / 1 / 1;
    static const date::sys_days latest = date::year{9000} / 1 / 1;
    const date::sys_time<milliseconds> instant = ToSys(after);
    if (instant < earliest || instant >= latest) return Never();
    if (zone_ == nullptr) return NextInUtc(instant);
    return cron_.wildcard_time() ? NextWildcard(instant) : NextFixed(instant);
  }

  const std::string& expression() const override { return expression_; }
  const std::string& timezone() const override { return timezone_; }

 private:
  TimePoint NextInUtc(date::sys_time<milliseconds> after) const {
    const LocalMinutes start{date::floor<minutes>(after).time_since_epoch() + minutes(1)};
    const std::optional<LocalMinutes> match = cron_.NextMatch(start, start + kHorizon);
    return match ? TimePoint(match->time_since_epoch()) : Never();
  }

  // cronie's wildcard jobs run whenever the wall clock shows a matching minute:
  // twice in a repeated hour, not at all in a skipped one. Walk the zone's
  // constant-offset periods and search each one's stretch of wall-clock time.
  TimePoint NextWildcard(date::sys_time<milliseconds> after) const {
    const date::sys_time<milliseconds> horizon = after + kHorizon;
    date::sys_time<milliseconds> period_start = after;
    bool first_period = true;
    while (period_start < horizon) {
      const date::sys_info info = zone_->get_info(period_start);
      const LocalMillis local{period_start.time_since_epoch() + info.offset};
      // A fire exactly at `after` does not count; one exactly at a later period's start does.
      const LocalMinutes from =
          first_period ? date::floor<minutes>(local) + minutes(1) : date::ceil<minutes>(local);
      const date::sys_time<milliseconds> period_end =
          std::min<date::sys_time<milliseconds>>(date::sys_time<milliseconds>(info.end), horizon);
      const LocalMinutes limit =
          date::ceil<minutes>(LocalMillis{period_end.time_since_epoch() + info.offset});
      if (const std::optional<LocalMinutes> match = cron_.NextMatch(from, limit)) {
        return TimePoint(match->time_since_epoch() - info.offset);
      }
      period_start = period_end;
      first_period = false;
    }
    return Never();
  }

  // cronie's fixed-time jobs: a wall-clock time skipped by the clocks going
  // forward runs when the gap ends (the first valid minute after it), one that
  // occurs twice runs at its first occurrence only. Mapped that way, later
  // wall-clock times never fire earlier, so the first match past `after` wins.
  TimePoint NextFixed(date::sys_time<milliseconds> after) const {
    const date::sys_info info = zone_->get_info(after);
    const LocalMillis local_after{after.time_since_epoch() + info.offset};
    LocalMinutes from = date::floor<minutes>(local_after) + minutes(1);
    const LocalMinutes limit = from + kHorizon;
    while (const std::optional<LocalMinutes> match = cron_.NextMatch(from, limit)) {
      const date::local_info mapping = zone_->get_info(date::local_seconds(*match));
      const date::sys_time<milliseconds> fire =
          mapping.result == date::local_info::nonexistent
              ? date::sys_time<milliseconds>(mapping.second.begin)
              : date::sys_time<milliseconds>(match->time_since_epoch() - mapping.first.offset);
      // Only in a repeated hour can a later wall-clock time map to `after` or
      // before it (its first occurrence already passed).
      if (fire > after) return FromSys(fire);
      from = *match + minutes(1);
    }
    return Never();
  }

  std::string expression_;
  std::string timezone_;
  CronExpression cron_;
  const date::time_zone* zone_;  // null for UTC, which needs no time zone database
};

}  // namespace

TimePoint Schedule::Never() {
  static const TimePoint never =
      FromSys(date::sys_days(date::year{9999} / 12 / 31) + std::chrono::hours(23) + minutes(59));
  return never;
}

const date::time_zone* LocateZone(const std::string& timezone) {
  if (timezone == "UTC") return nullptr;
  try {
    return date::locate_zone(timezone);
  } catch (const std::exception&) {
    throw std::invalid_argument("unknown time zone \"" + timezone +
                                "\" (use an IANA name such as Europe/Zurich)");
  }
}

namespace {

// "CRON_TZ=Europe/Berlin 0 2 * * *" (cronie) or "TZ=..." (other crons): the
// zone of this one expression, overriding the application's.
std::pair<std::string, std::string> SplitZonePrefix(const std::string& expression) {
  const std::string text = Trim(expression);
  for (const char* prefix : {"CRON_TZ=", "TZ="}) {
    const std::string tag = prefix;
    if (text.compare(0, tag.size(), tag) != 0) continue;
    const std::size_t space = text.find_first_of(" \t");
    if (space == std::string::npos) {
      throw std::invalid_argument("schedule \"" + expression + "\": " + tag +
                                  "<zone> must be followed by a schedule");
    }
    return {text.substr(tag.size(), space - tag.size()), Trim(text.substr(space))};
  }
  return {"", text};
}

std::shared_ptr<const Schedule> ParseOne(const std::string& expression,
                                         const std::string& timezone) {
  const auto [prefix_zone, rest] = SplitZonePrefix(expression);
  const std::string zone = prefix_zone.empty() ? timezone : prefix_zone;
  if (LooksLikeCalendar(rest)) {
    if (!prefix_zone.empty()) {
      throw std::invalid_argument("schedule \"" + expression +
                                  "\": CRON_TZ= and TZ= go with cron expressions; write an "
                                  "OnCalendar zone at its end (\"*-*-* 02:00 Europe/Berlin\")");
    }
    return MakeCalendarSchedule(rest, zone);
  }
  const CronExpression cron = CronExpression::Parse(rest);
  return std::make_shared<CronSchedule>(expression, zone, cron, LocateZone(zone));
}

}  // namespace

std::shared_ptr<const Schedule> Schedule::Parse(const std::string& expression,
                                                const std::string& timezone) {
  if (expression.find(';') == std::string::npos) return ParseOne(expression, timezone);
  std::vector<std::shared_ptr<const Schedule>> parts;
  std::size_t start = 0;
  while (start <= expression.size()) {
    const std::size_t end = std::min(expression.find(';', start), expression.size());
    const std::string part = Trim(expression.substr(start, end - start));
    if (part.empty()) {
      throw std::invalid_argument("schedule \"" + expression +
                                  "\" has an empty part between ';' separators");
    }
    if (parts.size() == kMaxSchedules) {
      throw std::invalid_argument("schedule \"" + expression + "\" has more than " +
                                  std::to_string(kMaxSchedules) + " parts");
    }
    parts.push_back(ParseOne(part, timezone));
    start = end + 1;
  }
  return MakeScheduleSet(expression, timezone, std::move(parts));
}

}  // namespace heartbeat
