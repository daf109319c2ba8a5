// systemd OnCalendar schedules, checked against systemd itself
// (`systemd-analyze calendar --base-time --iterations`), CRON_TZ=/TZ= prefixes
// on cron expressions, and several schedules per application.
#include <date/date.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "heartbeat/core/schedule.h"

namespace heartbeat {
namespace {

using ::testing::HasSubstr;

TimePoint At(int year, int month, int day, int hour = 0, int minute = 0, int second = 0) {
  const date::sys_days days = date::year{year} / month / day;
  return TimePoint(days.time_since_epoch() + std::chrono::hours(hour) +
                   std::chrono::minutes(minute) + std::chrono::seconds(second));
}

std::string Format(TimePoint t) {
  const date::sys_seconds instant = date::floor<std::chrono::seconds>(
      date::sys_time<std::chrono::milliseconds>(t.time_since_epoch()));
  return date::format("%Y-%m-%d %H:%M:%S", instant);
}

// The fire times systemd-analyze prints (in UTC) for `expression` after `base`.
std::vector<std::string> SystemdFires(const std::string& expression, TimePoint base,
                                      int iterations) {
  const long long epoch =
      std::chrono::duration_cast<std::chrono::seconds>(base.time_since_epoch()).count();
  const std::string command =
      "TZ=UTC systemd-analyze calendar --base-time=@" + std::to_string(epoch) +
      " --iterations=" + std::to_string(iterations) + " '" + expression + "' 2>&1";
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  if (!pipe) throw std::runtime_error("cannot run systemd-analyze");
  std::vector<std::string> fires;
  char line[512];
  while (std::fgets(line, sizeof line, pipe.get()) != nullptr) {
    const std::string text = line;
    const auto label = text.find("Next elapse: ") != std::string::npos ? text.find("Next elapse: ")
                                                                       : text.find("Iter. #");
    if (label == std::string::npos) continue;
    const auto colon = text.find(": ", label);
    // "Tue 2026-11-24 10:45:00 UTC": skip the weekday, keep date and time.
    fires.push_back(text.substr(colon + 2 + 4, 19));
  }
  return fires;
}

std::vector<std::string> OurFires(const std::string& expression, TimePoint base, int iterations) {
  const auto schedule = Schedule::Parse(expression);
  std::vector<std::string> fires;
  TimePoint at = base;
  for (int i = 0; i < iterations; ++i) {
    at = schedule->NextAfter(at);
    if (at == Schedule::Never()) break;
    fires.push_back(Format(at));
  }
  return fires;
}

// The issue's forms and the parts of the grammar, with bases on both sides of
// Europe's and America's DST changes and a leap day.
TEST(CalendarScheduleTest, NextFireTimesAgreeWithSystemdAnalyze) {
  const std::vector<std::string> expressions = {
      "daily",
      "weekly",
      "monthly",
      "quarterly",
      "semiannually",
      "yearly",
      "hourly",
      "minutely",
      "*:0/15",
      "Mon..Fri *-*-* 02:00:00",
      "Mon..Fri *-*-* 02:00:00 Europe/Berlin",
      "Sat,Sun 10:30",
      "*-*-01 00:00:00",
      "*-02-29 12:00",
      "2027-*-* 08:00",
      "*-*-1/10 06:00 America/New_York",
      "Fri *-*-13 13:13:13",
      "*:*:0/20",
      "*-*-* 02:30 Europe/Berlin",
      "*-1..3,7-5 4..6:00/20",
      "daily Europe/Berlin",
  };
  const std::vector<TimePoint> bases = {At(2026, 3, 28, 12), At(2026, 10, 24, 12),
                                        At(2027, 2, 27, 23, 59, 59), At(2026, 11, 1, 5, 59, 59)};
  for (const std::string& expression : expressions) {
    for (TimePoint base : bases) {
      const std::vector<std::string> expected = SystemdFires(expression, base, 12);
      ASSERT_FALSE(expected.empty())
          << "systemd-analyze gave nothing for " << expression << " (apt-get install systemd)";
      EXPECT_EQ(OurFires(expression, base, static_cast<int>(expected.size())), expected)
          << expression << " after " << Format(base);
    }
  }
}

TEST(CalendarScheduleTest, ATimeZoneFromTheApplicationAppliesWithoutASuffix) {
  const auto schedule = Schedule::Parse("Mon..Fri *-*-* 02:00", "Europe/Zurich");
  EXPECT_EQ(Format(schedule->NextAfter(At(2026, 6, 1, 12))), "2026-06-02 00:00:00");
  EXPECT_EQ(schedule->timezone(), "Europe/Zurich");
}

TEST(CalendarScheduleTest, CronZonePrefixesOverrideTheApplicationZone) {
  const auto cron_tz = Schedule::Parse("CRON_TZ=Europe/Berlin 0 2 * * *");
  EXPECT_EQ(Format(cron_tz->NextAfter(At(2026, 6, 1, 12))), "2026-06-02 00:00:00");
  EXPECT_EQ(cron_tz->expression(), "CRON_TZ=Europe/Berlin 0 2 * * *");
  const auto tz = Schedule::Parse("TZ=America/New_York 30 6 * * 1-5", "Europe/Zurich");
  EXPECT_EQ(Format(tz->NextAfter(At(2026, 6, 1, 12))), "2026-06-02 10:30:00");
}

TEST(CalendarScheduleTest, SeveralSchedulesAreDueAtTheEarliestNextFire) {
  const auto set = Schedule::Parse("0 2 * * *; Sat,Sun 14:00; CRON_TZ=Asia/Tokyo 0 9 * * *");
  EXPECT_EQ(Format(set->NextAfter(At(2026, 6, 5, 3))), "2026-06-06 00:00:00");  // Tokyo 09:00
  EXPECT_EQ(Format(set->NextAfter(At(2026, 6, 6, 3))), "2026-06-06 14:00:00");  // Saturday
  EXPECT_EQ(Format(set->NextAfter(At(2026, 6, 8, 1))), "2026-06-08 02:00:00");
}

std::string ErrorOf(const std::string& expression, const std::string& zone = "UTC") {
  try {
    Schedule::Parse(expression, zone);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "no error";
}

TEST(CalendarScheduleTest, MistakesAreRefusedWithASentence) {
  EXPECT_EQ(ErrorOf("*-02-30 00:00"), "schedule \"*-02-30 00:00\" can never fire");
  EXPECT_EQ(ErrorOf("Mon *-*-* 25:00"),
            "schedule \"Mon *-*-* 25:00\": hour 25 is out of range 0-23");
  EXPECT_EQ(ErrorOf("Mon *-*-* 02:00:00.5"),
            "schedule \"Mon *-*-* 02:00:00.5\": second \"00.5\" is not a number (fractional "
            "seconds are not supported)");
  EXPECT_EQ(ErrorOf("*-*~01 00:00"),
            "schedule \"*-*~01 00:00\": \"~\" (days from the end of the month) is not supported");
  EXPECT_EQ(ErrorOf("Someday 10:00"),
            "schedule \"Someday 10:00\": \"Someday\" is not a weekday (Mon..Sun)");
  EXPECT_EQ(ErrorOf("*-*-* 10..08:00"),
            "schedule \"*-*-* 10..08:00\": hour range 10..08 runs backwards");
  EXPECT_EQ(ErrorOf("0 2 * * *;"),
            "schedule \"0 2 * * *;\" has an empty part between ';' separators");
  EXPECT_THAT(ErrorOf("CRON_TZ=Europe/Berlin daily"), HasSubstr("CRON_TZ= and TZ= go with cron"));
  EXPECT_EQ(ErrorOf("TZ=Nowhere/Zone 0 2 * * *"),
            "unknown time zone \"Nowhere/Zone\" (use an IANA name such as Europe/Zurich)");
  EXPECT_EQ(ErrorOf("CRON_TZ=UTC"),
            "schedule \"CRON_TZ=UTC\": CRON_TZ=<zone> must be followed by a schedule");
}

}  // namespace
}  // namespace heartbeat
