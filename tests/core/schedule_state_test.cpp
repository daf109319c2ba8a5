// The state of a cron application over a simulated week across a DST change (docs/reference.md §2):
// `30 2 * * *` in Europe/Zurich with 1h grace, a job that pings a minute after each run
// and skips one, and an injected clock stepped every 30 minutes.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/test_time.h"
#include "heartbeat/core/schedule.h"
#include "heartbeat/core/signal.h"
#include "heartbeat/core/state.h"

namespace heartbeat {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using testing::Utc;

Application NightlyBackup(TimePoint created_at) {
  Application app;
  app.spec.name = "nightly-backup";
  app.spec.schedule = "30 2 * * *";
  app.spec.timezone = "Europe/Zurich";
  app.spec.grace = hours(1);
  app.schedule = Schedule::Parse(app.spec.schedule, app.spec.timezone);
  app.created_at = created_at;
  return app;
}

Signal Ok(TimePoint at) {
  Signal signal;
  signal.kind = SignalKind::kOk;
  signal.received_at = at;
  return signal;
}

struct Week {
  const char* name;
  const char* created;
  // Every run of the week and the one after it in UTC, written out by hand from the zone rules
  // rather than computed by the code under test.
  std::vector<const char*> runs;
  const char* skipped_run;  // the job does not run (nor ping) then
};

// Europe/Zurich, 2026: clocks go forward on 29 March (02:00 CET -> 03:00 CEST: 02:30 does
// not exist, cron runs the job when the gap ends, 03:00 CEST = 01:00Z) and back on
// 25 October (03:00 CEST -> 02:00 CET: 02:30 happens twice, the job runs once, at the first).
const Week kSpringForward = {
    "spring forward",
    "2026-03-25 12:00:00",
    {"2026-03-26 01:30:00", "2026-03-27 01:30:00", "2026-03-28 01:30:00", "2026-03-29 01:00:00",
     "2026-03-30 00:30:00", "2026-03-31 00:30:00", "2026-04-01 00:30:00", "2026-04-02 00:30:00"},
    "2026-03-30 00:30:00"};
const Week kFallBack = {
    "fall back",
    "2026-10-21 12:00:00",
    {"2026-10-22 00:30:00", "2026-10-23 00:30:00", "2026-10-24 00:30:00", "2026-10-25 00:30:00",
     "2026-10-26 01:30:00", "2026-10-27 01:30:00", "2026-10-28 01:30:00", "2026-10-29 01:30:00"},
    "2026-10-24 00:30:00"};

// Steps a clock over seven days; before each step's evaluation the job's pings up to then
// are applied. The expected state follows from the run list alone: the deadline is the
// first run after the last ping (or creation), late from the deadline, outdated one grace
// later. Steps fall every 30 minutes so that each deadline is hit exactly.
void WalkWeek(const Week& week) {
  SCOPED_TRACE(week.name);
  const TimePoint created = Utc(week.created);
  std::vector<TimePoint> runs;
  std::vector<TimePoint> pings;
  for (const char* run : week.runs) {
    runs.push_back(Utc(run));
    if (std::string(run) != week.skipped_run) pings.push_back(Utc(run) + minutes(1));
  }

  Application app = NightlyBackup(created);
  ManualTimeSource clock(created);
  std::size_t next_ping = 0;
  int late_steps = 0;
  int outdated_steps = 0;
  for (TimePoint now = created; now <= created + hours(24 * 7); now += minutes(30)) {
    clock.Set(now);
    while (next_ping < pings.size() && pings[next_ping] <= clock.Now()) {
      ApplySignal(app, Ok(pings[next_ping++]));
    }
    const TimePoint since = next_ping == 0 ? created : pings[next_ping - 1];
    TimePoint expected_deadline = Schedule::Never();
    for (TimePoint run : runs) {
      if (run > since) {
        expected_deadline = run;
        break;
      }
    }
    State expected = next_ping == 0 ? State::kNew : State::kOk;
    if (now >= expected_deadline) expected = State::kLate;
    if (now >= expected_deadline + hours(1)) expected = State::kOutdated;
    late_steps += expected == State::kLate;
    outdated_steps += expected == State::kOutdated;

    const Evaluation evaluation = Evaluate(app, clock.Now());
    ASSERT_EQ(evaluation.state, expected) << "at " << date::format("%F %T", now);
    ASSERT_TRUE(evaluation.deadline.has_value());
    ASSERT_EQ(*evaluation.deadline, expected_deadline)
        << "at " << date::format("%F %T", now) << ": got "
        << date::format("%F %T", *evaluation.deadline) << ", expected "
        << date::format("%F %T", expected_deadline);
  }
  // Late for one step at each run (the ping comes a minute later), for two at the skipped
  // one and for none at the run after it (still outdated then); outdated from an hour
  // after the skipped run until the next run's ping: 23 hours, 47 steps.
  EXPECT_EQ(late_steps, 7);
  EXPECT_EQ(outdated_steps, 47);
}

TEST(ScheduleStateTest, WeekAcrossSpringForward) { WalkWeek(kSpringForward); }

TEST(ScheduleStateTest, WeekAcrossFallBack) { WalkWeek(kFallBack); }

// The same facts as plain expectations, for a reader who wants the dates at a glance.
TEST(ScheduleStateTest, DeadlinesOnTheDaysAroundTheChanges) {
  struct Case {
    const char* last_ping;
    const char* deadline;
  };
  for (const Case& c : std::vector<Case>{
           {"2026-03-27 01:31:00", "2026-03-28 01:30:00"},  // 02:30 CET
           {"2026-03-28 01:31:00", "2026-03-29 01:00:00"},  // 02:30 skipped: 03:00 CEST
           {"2026-03-29 01:01:00", "2026-03-30 00:30:00"},  // 02:30 CEST
           {"2026-10-24 00:31:00", "2026-10-25 00:30:00"},  // first 02:30, still CEST
           {"2026-10-25 00:31:00", "2026-10-26 01:30:00"},  // not again at 02:30 CET
           {"2026-10-26 01:31:00", "2026-10-27 01:30:00"},  // 02:30 CET
       }) {
    SCOPED_TRACE(c.last_ping);
    Application app = NightlyBackup(Utc("2026-03-01 00:00:00"));
    ApplySignal(app, Ok(Utc(c.last_ping)));
    const TimePoint deadline = Utc(c.deadline);
    EXPECT_EQ(Evaluate(app, Utc(c.last_ping)).deadline, deadline);
    EXPECT_EQ(Evaluate(app, deadline - minutes(1)).state, State::kOk);
    EXPECT_EQ(Evaluate(app, deadline).state, State::kLate);
    EXPECT_EQ(Evaluate(app, deadline + hours(1) - minutes(1)).state, State::kLate);
    EXPECT_EQ(Evaluate(app, deadline + hours(1)).state, State::kOutdated);
  }
}

TEST(ScheduleStateTest, PausedSuppressesLateAndOutdatedAndASignalResumes) {
  Application app = NightlyBackup(Utc("2026-03-25 12:00:00"));
  ApplySignal(app, Ok(Utc("2026-03-26 01:31:00")));
  app.paused = true;
  for (const char* at : {"2026-03-26 12:00:00", "2026-03-27 01:30:00", "2026-03-27 02:30:00",
                         "2026-04-10 00:00:00"}) {
    const Evaluation evaluation = Evaluate(app, Utc(at));
    EXPECT_EQ(evaluation.state, State::kPaused) << at;
    EXPECT_FALSE(evaluation.deadline.has_value()) << at << ": a paused application has none";
  }
  ApplySignal(app, Ok(Utc("2026-04-10 00:31:00")));
  EXPECT_FALSE(app.paused);
  const Evaluation evaluation = Evaluate(app, Utc("2026-04-10 00:32:00"));
  EXPECT_EQ(evaluation.state, State::kOk);
  EXPECT_EQ(evaluation.deadline, Utc("2026-04-11 00:30:00"));
}

TEST(ScheduleStateTest, ManualResumeKeepsItPausedOnSignalsButRecordsThem) {
  Application app = NightlyBackup(Utc("2026-03-25 12:00:00"));
  app.spec.manual_resume = true;
  app.paused = true;
  ApplySignal(app, Ok(Utc("2026-03-26 01:31:00")));
  ApplySignal(app, Ok(Utc("2026-03-27 01:31:00")));
  EXPECT_TRUE(app.paused);
  EXPECT_EQ(app.signals_total, 2);
  EXPECT_EQ(Evaluate(app, Utc("2026-03-29 12:00:00")).state, State::kPaused);

  // The operator resumes: the state follows the recorded facts, here overdue since the
  // 28 March run (01:30Z) was never signalled.
  app.paused = false;
  const Evaluation evaluation = Evaluate(app, Utc("2026-03-29 12:00:00"));
  EXPECT_EQ(evaluation.state, State::kOutdated);
  EXPECT_EQ(evaluation.deadline, Utc("2026-03-28 01:30:00"));
}

}  // namespace
}  // namespace heartbeat
