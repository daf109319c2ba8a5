#include "heartbeat/core/schedule.h"

#include <date/date.h>
#include <date/tz.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <functional>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/cron_expression.h"

namespace heartbeat {
namespace {

using ::testing::HasSubstr;

// "2025-03-30T01:00:00Z", optionally with ".mmm" before the Z.
TimePoint Utc(const std::string& text) {
  int year, month, day, hour, minute, second, millis = 0;
  char zulu = 0;
  const bool whole = std::sscanf(text.c_str(), "%d-%d-%dT%d:%d:%d%c", &year, &month, &day, &hour,
                                 &minute, &second, &zulu) == 7 &&
                     zulu == 'Z';
  const bool fraction = std::sscanf(text.c_str(), "%d-%d-%dT%d:%d:%d.%3dZ", &year, &month, &day,
                                    &hour, &minute, &second, &millis) == 7;
  if (!whole && !fraction) throw std::invalid_argument("bad test time " + text);
  const date::sys_days days = date::year{year} / month / day;
  return TimePoint(days.time_since_epoch() + std::chrono::hours(hour) +
                   std::chrono::minutes(minute) + std::chrono::seconds(second) +
                   std::chrono::milliseconds(millis));
}

// Whole seconds print without ".000", as the table is written.
std::string Format(TimePoint t) {
  const date::sys_time<std::chrono::milliseconds> instant(t.time_since_epoch());
  if (ToMillis(t) % 1000 != 0) return date::format("%FT%TZ", instant);
  return date::format("%FT%TZ", date::floor<std::chrono::seconds>(instant));
}

struct NextCase {
  const char* expression;
  const char* timezone;
  const char* after;
  const char* expected;
  const char* why;
};

// Expected times are UTC; the comment column says what they are on the local wall clock.
const NextCase kNextCases[] = {
    // Plain UTC.
    {"*/15 * * * *", "UTC", "2025-01-01T00:00:00Z", "2025-01-01T00:15:00Z", "strictly after"},
    {"*/15 * * * *", "UTC", "2025-01-01T00:07:30Z", "2025-01-01T00:15:00Z", "mid-interval"},
    {"0 * * * *", "UTC", "2025-01-01T23:59:59.999Z", "2025-01-02T00:00:00Z", "millisecond before"},
    {"30 2 * * *", "UTC", "2025-01-01T02:30:00Z", "2025-01-02T02:30:00Z",
     "fire at after is skipped"},
    {"59 23 31 12 *", "UTC", "2025-12-31T23:59:00Z", "2026-12-31T23:59:00Z", "year end"},
    // Month ends and leap days.
    {"0 0 31 * *", "UTC", "2025-01-31T00:00:00Z", "2025-03-31T00:00:00Z", "February has no 31st"},
    {"0 0 31 * *", "UTC", "2025-04-01T00:00:00Z", "2025-05-31T00:00:00Z", "April has no 31st"},
    {"0 0 30 * *", "UTC", "2025-01-30T00:00:00Z", "2025-03-30T00:00:00Z", "February has no 30th"},
    {"0 0 29 2 *", "UTC", "2025-01-01T00:00:00Z", "2028-02-29T00:00:00Z", "next leap year"},
    {"0 0 29 2 *", "UTC", "2024-02-29T00:00:00Z", "2028-02-29T00:00:00Z", "from a leap day"},
    {"0 0 29 2 *", "UTC", "2096-02-29T00:00:00Z", "2104-02-29T00:00:00Z", "2100 is not leap"},
    {"0 0 29 2 */7", "UTC", "2088-02-29T00:00:00Z", "2128-02-29T00:00:00Z",
     "leap day on a Sunday: the longest gap"},
    {"0 0 28-31 2 *", "UTC", "2023-02-28T00:00:00Z", "2024-02-28T00:00:00Z",
     "range past the month end"},
    // Weekdays, names, 7 = Sunday.
    {"0 9 * * MON-FRI", "UTC", "2025-01-03T09:00:00Z", "2025-01-06T09:00:00Z", "Friday to Monday"},
    {"0 9 * * mon,wed,fri", "UTC", "2025-01-06T10:00:00Z", "2025-01-08T09:00:00Z", "lower case"},
    {"0 0 * * 7", "UTC", "2025-01-01T00:00:00Z", "2025-01-05T00:00:00Z", "7 is Sunday"},
    {"0 0 * * 5-7", "UTC", "2025-01-05T00:00:00Z", "2025-01-10T00:00:00Z", "Friday to Sunday"},
    {"0 0 * * MON-SUN", "UTC", "2025-01-04T00:00:00Z", "2025-01-05T00:00:00Z",
     "MON-SUN has Sunday"},
    {"0 0 1 JAN-MAR,OCT *", "UTC", "2025-03-01T00:00:00Z", "2025-10-01T00:00:00Z", "month names"},
    {"0 0 1 jan *", "UTC", "2025-01-01T00:00:00Z", "2026-01-01T00:00:00Z", "once a year"},
    // Steps.
    {"1-10/2 * * * *", "UTC", "2025-01-01T00:09:00Z", "2025-01-01T01:01:00Z", "1,3,5,7,9"},
    {"5/20 * * * *", "UTC", "2025-01-01T00:45:00Z", "2025-01-01T01:05:00Z", "5,25,45"},
    {"0 8-18/4 * * *", "UTC", "2025-01-01T16:00:00Z", "2025-01-02T08:00:00Z", "8,12,16"},
    {"0 0 */10 * *", "UTC", "2025-01-21T00:00:00Z", "2025-01-31T00:00:00Z", "1,11,21,31"},
    {"0 0 */10 * *", "UTC", "2025-01-31T00:00:00Z", "2025-02-01T00:00:00Z", "next month"},
    {"*/20 */6 * * *", "UTC", "2025-01-01T06:40:00Z", "2025-01-01T12:00:00Z", "two steps"},
    // Vixie: restricted day-of-month and day-of-week match if either does.
    {"0 0 13 * FRI", "UTC", "2025-01-01T00:00:00Z", "2025-01-03T00:00:00Z", "a Friday"},
    {"0 0 13 * FRI", "UTC", "2025-01-10T00:00:00Z", "2025-01-13T00:00:00Z", "the 13th, a Monday"},
    {"0 0 1 * MON", "UTC", "2025-01-27T00:00:00Z", "2025-02-01T00:00:00Z", "the 1st, a Saturday"},
    {"0 0 */2 * FRI", "UTC", "2025-01-03T00:00:00Z", "2025-01-17T00:00:00Z",
     "*/2 counts as *: both must match"},
    {"0 0 * 2 MON", "UTC", "2025-01-01T00:00:00Z", "2025-02-03T00:00:00Z", "* day-of-month"},
    // Macros.
    {"@hourly", "UTC", "2025-01-01T10:30:00Z", "2025-01-01T11:00:00Z", "@hourly"},
    {"@daily", "UTC", "2025-01-01T00:00:00Z", "2025-01-02T00:00:00Z", "@daily"},
    {"@midnight", "UTC", "2025-01-01T12:00:00Z", "2025-01-02T00:00:00Z", "@midnight"},
    {"@weekly", "UTC", "2025-01-01T00:00:00Z", "2025-01-05T00:00:00Z", "@weekly is Sunday"},
    {"@monthly", "UTC", "2025-01-15T00:00:00Z", "2025-02-01T00:00:00Z", "@monthly"},
    {"@yearly", "UTC", "2025-06-01T00:00:00Z", "2026-01-01T00:00:00Z", "@yearly"},
    {"@annually", "UTC", "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z", "@annually"},
    {" @DAILY ", "UTC", "2025-01-01T00:00:00Z", "2025-01-02T00:00:00Z", "case and spaces"},
    // Europe/Zurich: 2025-03-30 02:00 CET -> 03:00 CEST; 2025-10-26 03:00 CEST -> 02:00 CET.
    {"30 2 * * *", "Europe/Zurich", "2025-03-29T01:30:00Z", "2025-03-30T01:00:00Z",
     "02:30 does not exist: 03:00 CEST"},
    {"30 2 * * *", "Europe/Zurich", "2025-03-30T01:00:00Z", "2025-03-31T00:30:00Z",
     "02:30 CEST the day after"},
    {"0 2 * * *", "Europe/Zurich", "2025-03-29T01:00:00Z", "2025-03-30T01:00:00Z",
     "02:00 does not exist: 03:00 CEST"},
    {"0,30 2 * * *", "Europe/Zurich", "2025-03-30T00:00:00Z", "2025-03-30T01:00:00Z",
     "both skipped times fire once at 03:00"},
    {"0,30 2 * * *", "Europe/Zurich", "2025-03-30T01:00:00Z", "2025-03-31T00:00:00Z",
     "and not again"},
    {"30 2 * * *", "Europe/Zurich", "2025-10-25T00:30:00Z", "2025-10-26T00:30:00Z",
     "02:30 twice: first occurrence (CEST)"},
    {"30 2 * * *", "Europe/Zurich", "2025-10-26T00:30:00Z", "2025-10-27T01:30:00Z",
     "not the second occurrence"},
    {"45 2 * * *", "Europe/Zurich", "2025-10-26T01:30:00Z", "2025-10-27T01:45:00Z",
     "after in the repeated hour: first occurrence already passed"},
    {"0 9 * * *", "Europe/Zurich", "2025-03-29T08:00:00Z", "2025-03-30T07:00:00Z",
     "09:00 CET then 09:00 CEST"},
    {"0 * * * *", "Europe/Zurich", "2025-10-26T00:00:00Z", "2025-10-26T01:00:00Z",
     "wildcard hour: 02:00 CET runs again"},
    {"30 * * * *", "Europe/Zurich", "2025-03-30T00:30:00Z", "2025-03-30T01:30:00Z",
     "wildcard hour: skipped 02:30 does not run, 03:30 CEST does"},
    {"*/15 * * * *", "Europe/Zurich", "2025-03-30T00:45:00Z", "2025-03-30T01:00:00Z",
     "01:45 CET then 03:00 CEST"},
    {"0 0 29 2 *", "Europe/Zurich", "2025-01-01T00:00:00Z", "2028-02-28T23:00:00Z",
     "leap day midnight CET"},
    // America/New_York: 2025-03-09 02:00 EST -> 03:00 EDT; 2025-11-02 02:00 EDT -> 01:00 EST.
    {"30 2 * * *", "America/New_York", "2025-03-08T07:30:00Z", "2025-03-09T07:00:00Z",
     "02:30 does not exist: 03:00 EDT"},
    {"30 1 * * *", "America/New_York", "2025-11-01T05:30:00Z", "2025-11-02T05:30:00Z",
     "01:30 twice: 01:30 EDT"},
    {"30 1 * * *", "America/New_York", "2025-11-02T05:30:00Z", "2025-11-03T06:30:00Z",
     "then 01:30 EST the next day"},
    {"*/30 * * * *", "America/New_York", "2025-11-02T05:30:00Z", "2025-11-02T06:00:00Z",
     "wildcard: 01:30 EDT then 01:00 EST"},
    {"0 0 * * *", "America/New_York", "2025-03-09T05:00:00Z", "2025-03-10T04:00:00Z",
     "midnight EST then midnight EDT"},
    // Half-hour offsets.
    {"0 9 * * *", "Asia/Kolkata", "2025-01-01T00:00:00Z", "2025-01-01T03:30:00Z", "IST +05:30"},
    {"30 0 1 * *", "Asia/Kolkata", "2025-01-31T19:00:00Z", "2025-02-28T19:00:00Z",
     "00:30 on the 1st is the previous UTC day"},
    {"30 2 * * *", "Australia/Adelaide", "2025-10-04T00:00:00Z", "2025-10-04T16:30:00Z",
     "02:30 ACST does not exist: 03:00 ACDT"},
    {"0 * * * *", "Australia/Adelaide", "2025-04-05T15:30:00Z", "2025-04-05T16:30:00Z",
     "02:00 ACDT, then 02:00 ACST"},
};

TEST(ScheduleTest, NextFireTimes) {
  for (const NextCase& c : kNextCases) {
    SCOPED_TRACE(std::string(c.expression) + " in " + c.timezone + " after " + c.after + ": " +
                 c.why);
    const auto schedule = Schedule::Parse(c.expression, c.timezone);
    EXPECT_EQ(Format(schedule->NextAfter(Utc(c.after))), c.expected);
  }
}

TEST(ScheduleTest, KeepsExpressionAndZone) {
  const auto schedule = Schedule::Parse("30 2 * * *", "Europe/Zurich");
  EXPECT_EQ(schedule->expression(), "30 2 * * *");
  EXPECT_EQ(schedule->timezone(), "Europe/Zurich");
}

TEST(ScheduleTest, OutOfRangeInstantsGiveNever) {
  const auto schedule = Schedule::Parse("@daily");
  EXPECT_EQ(Format(Schedule::Never()), "9999-12-31T23:59:00Z");
  EXPECT_EQ(schedule->NextAfter(Utc("9500-01-01T00:00:00Z")), Schedule::Never());
  EXPECT_EQ(schedule->NextAfter(TimePoint::max()), Schedule::Never());
  EXPECT_EQ(schedule->NextAfter(TimePoint::min()), Schedule::Never());
}

struct ErrorCase {
  const char* expression;
  const char* message;
};

const ErrorCase kErrorCases[] = {
    {"61 * * * *", "schedule \"61 * * * *\": minute 61 is out of range 0-59"},
    {"* 24 * * *", "hour 24 is out of range 0-23"},
    {"* * 0 * *", "day-of-month 0 is out of range 1-31"},
    {"* * 32 * *", "day-of-month 32 is out of range 1-31"},
    {"* * * 13 *", "month 13 is out of range 1-12"},
    {"* * * 0 *", "month 0 is out of range 1-12"},
    {"* * * * 8", "day-of-week 8 is out of range 0-7"},
    {"99999999999 * * * *", "minute 99999999999 is out of range 0-59"},
    {"* * * JANUARY *", "month \"JANUARY\" is not a number 1-12 or a name JAN-DEC"},
    {"* * * * MONDAY", "day-of-week \"MONDAY\" is not a number 0-7 or a name SUN-SAT"},
    {"* MON * * *", "hour \"MON\" is not a number"},
    {"x * * * *", "minute \"x\" is not a number"},
    {"/5 * * * *", "minute \"/5\" has no value before the step (/)"},
    {"1-2-3 * * * *", "minute \"2-3\" is not a number"},
    {"5- * * * *", "minute range \"5-\" is incomplete (write it as a-b)"},
    {"-5 * * * *", "minute range \"-5\" is incomplete"},
    {"*-5 * * * *", "minute \"*\" can only stand alone or before a step"},
    {"1/2/3 * * * *", "minute \"1/2/3\" has more than one step (/)"},
    {"*/0 * * * *", "minute step \"0\" must be a number from 1 to 59"},
    {"*/60 * * * *", "minute step \"60\" must be a number from 1 to 59"},
    {"* */x * * *", "hour step \"x\" must be a number from 1 to 23"},
    {"10-5 * * * *", "minute range 10-5 is backwards (write it as 10-59,0-5)"},
    {"* 22-2 * * *", "hour range 22-2 is backwards (write it as 22-23,0-2)"},
    {"* * * * FRI-MON", "day-of-week range FRI-MON is backwards"},
    {"1,,2 * * * *", "minute has an empty list item in \"1,,2\""},
    {"1, * * * *", "minute has an empty list item in \"1,\""},
    {"* * ? * *", "day-of-month \"?\" is not supported (use *)"},
    {"* * * *", "has 4 fields, expected 5 (minute hour day-of-month month day-of-week"},
    {"0 * * * * *", "has 6 fields, expected 5"},
    {"", "schedule \"\": is empty"},
    {"   ", "is empty"},
    {"@reboot", "@reboot has no fire times to wait for (use @yearly, @annually, @monthly"},
    {"@often",
     "unknown macro @often (use @yearly, @annually, @monthly, @weekly, @daily, "
     "@midnight or @hourly)"},
    {"@daily 5", "has 2 fields"},
    {"0 0 30 2 *",
     "schedule \"0 0 30 2 *\": never fires: day-of-month 30 does not occur in "
     "month 2"},
    {"0 0 31 4,6,9,11 *", "never fires: day-of-month 31 does not occur in month 4,6,9,11"},
    {"0 0 30,31 FEB */2", "never fires"},
};

TEST(ScheduleTest, ParseErrorsNameFieldAndValue) {
  for (const ErrorCase& c : kErrorCases) {
    try {
      Schedule::Parse(c.expression);
      ADD_FAILURE() << "accepted \"" << c.expression << "\"";
    } catch (const std::invalid_argument& e) {
      EXPECT_THAT(e.what(), HasSubstr(c.message)) << c.expression;
    }
  }
}

TEST(ScheduleTest, PossibleButRareSchedulesAreAccepted) {
  // Both day fields restricted: either may match, so any Sunday in February fires.
  EXPECT_EQ(Format(Schedule::Parse("0 0 30 2 SUN")->NextAfter(Utc("2025-01-01T00:00:00Z"))),
            "2025-02-02T00:00:00Z");
}

TEST(ScheduleTest, UnknownTimeZone) {
  try {
    Schedule::Parse("@daily", "Mars/Base");
    ADD_FAILURE() << "accepted Mars/Base";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(),
                 "unknown time zone \"Mars/Base\" (use an IANA name such as Europe/Zurich)");
  }
  EXPECT_THROW(Schedule::Parse("@daily", ""), std::invalid_argument);
  EXPECT_THROW(Schedule::Parse("@daily", "../../../etc/passwd"), std::invalid_argument);
  EXPECT_NO_THROW(Schedule::Parse("@daily", "Etc/UTC"));
}

// A reference that checks every minute: the skipping search must agree with it.
// In UTC and for cronie's wildcard jobs (every real minute whose wall-clock time
// matches) the reference is simply "the first matching minute".
TimePoint BruteForceNext(const CronExpression& cron, const date::time_zone* zone, TimePoint after) {
  using std::chrono::minutes;
  auto t =
      date::floor<minutes>(date::sys_time<std::chrono::milliseconds>(after.time_since_epoch())) +
      minutes(1);
  date::sys_info info = zone->get_info(t);
  for (int i = 0; i < 366 * 24 * 60; ++i, t += minutes(1)) {
    if (t >= info.end) info = zone->get_info(t);
    const LocalMinutes local{date::floor<minutes>(t.time_since_epoch() + info.offset)};
    if (cron.Matches(local)) return TimePoint(t.time_since_epoch());
  }
  return Schedule::Never();
}

TEST(ScheduleTest, AgreesWithMinuteByMinuteSearch) {
  const char* expressions[] = {
      "*/7 * * * *", "* 3-5 * * *",    "*/13 * 1,15 * *", "* */5 * JUN-AUG *", "*/30 * 31 * *",
      "* 1 * * 1-5", "* */2 13 * FRI", "* * */3 FEB MON", "59 * 29 * *",       "* 2 * MAR,OCT SUN"};
  std::mt19937 random(42);  // fixed seed: the same instants on every run
  for (const char* zone_name : {"UTC", "Europe/Zurich", "Australia/Adelaide"}) {
    const date::time_zone* zone = date::locate_zone(zone_name);
    for (const char* expression : expressions) {
      const CronExpression cron = CronExpression::Parse(expression);
      const auto schedule = Schedule::Parse(expression, zone_name);
      for (int i = 0; i < 8; ++i) {
        // Random instants in 2024-2026, which hold leap days and DST changes.
        const long long start_ms = 1704067200000LL;
        const long long span_ms = 3LL * 365 * 24 * 3600 * 1000;
        const TimePoint after =
            FromMillis(start_ms + static_cast<long long>(random() % 1000000) * (span_ms / 1000000));
        EXPECT_EQ(Format(schedule->NextAfter(after)), Format(BruteForceNext(cron, zone, after)))
            << expression << " in " << zone_name << " after " << Format(after);
      }
    }
  }
}

TEST(ScheduleTest, FixedTimeJobsFireOnceEachDayAcrossDst) {
  // Every day of 2025 in New York has exactly one 01:30 fire, including the
  // day 01:30 occurs twice, and one 02:30 fire, including the day it is skipped.
  for (const char* expression : {"30 1 * * *", "30 2 * * *"}) {
    const auto schedule = Schedule::Parse(expression, "America/New_York");
    TimePoint t = Utc("2025-01-01T12:00:00Z");
    int fires = 0;
    while ((t = schedule->NextAfter(t)) < Utc("2026-01-01T12:00:00Z")) ++fires;
    EXPECT_EQ(fires, 365) << expression;
  }
}

}  // namespace
}  // namespace heartbeat

namespace heartbeat {
namespace {

// Schedules arrive through the API: whatever the text, Parse either accepts it
// or throws invalid_argument, and an accepted schedule always answers.
void ExpectParsesOrExplains(const std::string& text, const char* zone, int& accepted) {
  const TimePoint after = FromMillis(1767225600000LL);  // 2026-01-01
  try {
    const auto schedule = Schedule::Parse(text, zone);
    EXPECT_GT(schedule->NextAfter(after), after) << text;
    EXPECT_LT(schedule->NextAfter(after), Schedule::Never()) << text;
    ++accepted;
  } catch (const std::invalid_argument& e) {
    EXPECT_THAT(e.what(), HasSubstr("schedule \"")) << text;
  }
}

TEST(ScheduleTest, RandomTextNeverCrashes) {
  const std::string alphabet = "0123456789*/-, @?LWMONFRIJASUDECmonjan\t";
  std::mt19937 random(7);  // fixed seed: the same texts on every run
  int accepted = 0;
  for (int i = 0; i < 10000; ++i) {
    std::string text;
    const int length = static_cast<int>(random() % 24);
    for (int j = 0; j < length; ++j) text += alphabet[random() % alphabet.size()];
    ExpectParsesOrExplains(text, "UTC", accepted);
  }
  // Five fields built from plausible pieces: a mix of valid and invalid schedules.
  const auto number = [&] { return std::to_string(random() % 32); };
  const std::vector<std::function<std::string()>> items = {
      [] { return std::string("*"); },
      number,
      [&] { return number() + "-" + number(); },
      [&] { return "*/" + number(); },
      [&] { return number() + "-" + number() + "/" + number(); },
      [&] { return number() + "/" + number(); },
      [] { return std::string("FEB"); },
      [] { return std::string("sun"); },
      [] { return std::string("x"); },
  };
  for (int i = 0; i < 10000; ++i) {
    std::string text;
    for (int field = 0; field < 5; ++field) {
      if (field > 0) text += ' ';
      const int count = 1 + static_cast<int>(random() % 2);
      for (int k = 0; k < count; ++k) {
        if (k > 0) text += ',';
        // Mostly stars and numbers, so a fair share of the schedules is valid.
        text += items[random() % 3 == 0 ? random() % items.size() : random() % 2]();
      }
    }
    ExpectParsesOrExplains(text, i % 2 == 0 ? "UTC" : "America/New_York", accepted);
  }
  EXPECT_GT(accepted, 500);
}
}  // namespace
}  // namespace heartbeat
