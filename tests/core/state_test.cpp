#include "heartbeat/core/state.h"

#include <gtest/gtest.h>

#include <limits>

#include "common/test_time.h"
#include "heartbeat/core/signal.h"

namespace heartbeat {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using testing::Utc;

Application IntervalApp(Seconds interval, Seconds grace = Seconds(0)) {
  Application app;
  app.spec.name = "backup";
  app.spec.interval = interval;
  app.spec.grace = grace;
  app.created_at = Utc("2026-01-01 00:00:00");
  return app;
}

const TimePoint kNow = Utc("2026-06-01 12:00:00");

// statuscope's own cases, carried over unchanged.
TEST(StateTest, IntervalHourLastOkHalfAnHourAgoIsOk) {
  Application app = IntervalApp(hours(1));
  app.last_success = kNow - minutes(30);
  EXPECT_EQ(Evaluate(app, kNow).state, State::kOk);
  EXPECT_EQ(*Evaluate(app, kNow).deadline, kNow + minutes(30));
}

TEST(StateTest, IntervalHourLastFailedHalfAnHourAgoIsFail) {
  Application app = IntervalApp(hours(1));
  app.last_success = kNow - hours(5);
  app.last_failure = kNow - minutes(30);
  app.last_completion_was_failure = true;  // applied after the success
  EXPECT_EQ(Evaluate(app, kNow).state, State::kFail);
}

TEST(StateTest, IntervalHourLastOkTwoHoursAgoIsOutdated) {
  Application app = IntervalApp(hours(1));
  app.last_success = kNow - hours(2);
  EXPECT_EQ(Evaluate(app, kNow).state, State::kOutdated);
}

TEST(StateTest, IntervalZeroLastOkTwoYearsAgoIsOk) {
  Application app = IntervalApp(Seconds(0));
  app.last_success = kNow - hours(24 * 730);
  const Evaluation evaluation = Evaluate(app, kNow);
  EXPECT_EQ(evaluation.state, State::kOk);
  EXPECT_FALSE(evaluation.deadline.has_value());
}

TEST(StateTest, IntervalZeroLastFailedIsFail) {
  Application app = IntervalApp(Seconds(0));
  app.last_failure = kNow - hours(24 * 730);
  EXPECT_EQ(Evaluate(app, kNow).state, State::kFail);
}

TEST(StateTest, GraceSeparatesLateFromOutdated) {
  Application app = IntervalApp(hours(1), minutes(10));
  app.last_success = kNow - hours(1) - minutes(5);
  EXPECT_EQ(Evaluate(app, kNow).state, State::kLate);
  app.last_success = kNow - hours(1) - minutes(10);
  EXPECT_EQ(Evaluate(app, kNow).state, State::kOutdated);
  app.last_success = kNow - hours(1);
  EXPECT_EQ(Evaluate(app, kNow).state, State::kLate) << "late exactly at the deadline";
  app.last_success = kNow - hours(1) + Seconds(1);
  EXPECT_EQ(Evaluate(app, kNow).state, State::kOk);
}

TEST(StateTest, NeverSignalledCountsFromCreation) {
  Application app = IntervalApp(hours(1));
  app.created_at = kNow - minutes(10);
  EXPECT_EQ(Evaluate(app, kNow).state, State::kNew);
  EXPECT_EQ(*Evaluate(app, kNow).deadline, kNow + minutes(50));
  app.created_at = kNow - hours(2);
  EXPECT_EQ(Evaluate(app, kNow).state, State::kOutdated) << "a job that never runs alerts";
}

TEST(StateTest, NewWithoutDeadlineStaysNew) {
  Application app = IntervalApp(Seconds(0));
  app.created_at = kNow - hours(24 * 365);
  EXPECT_EQ(Evaluate(app, kNow).state, State::kNew);
}

TEST(StateTest, FailWinsOverOutdated) {
  Application app = IntervalApp(hours(1));
  app.last_failure = kNow - hours(3);
  EXPECT_EQ(Evaluate(app, kNow).state, State::kFail);
}

TEST(StateTest, SuccessAfterFailureIsOk) {
  Application app = IntervalApp(hours(1));
  app.last_failure = kNow - minutes(20);
  app.last_success = kNow - minutes(10);
  EXPECT_EQ(Evaluate(app, kNow).state, State::kOk);
}

TEST(StateTest, PausedSuppressesEverything) {
  Application app = IntervalApp(hours(1));
  app.last_failure = kNow - hours(3);
  app.paused = true;
  const Evaluation evaluation = Evaluate(app, kNow);
  EXPECT_EQ(evaluation.state, State::kPaused);
  EXPECT_FALSE(evaluation.deadline.has_value());
}

TEST(StateTest, RunningJobIsOverdueAtStartPlusGrace) {
  Application app = IntervalApp(hours(24), minutes(30));
  app.last_success = kNow - hours(2);
  app.open_runs.push_back({"", kNow - minutes(20)});
  EXPECT_EQ(Evaluate(app, kNow).state, State::kOk);
  app.open_runs.front().started_at = kNow - minutes(31);
  const Evaluation evaluation = Evaluate(app, kNow);
  EXPECT_EQ(evaluation.state, State::kOutdated);
  EXPECT_EQ(*evaluation.deadline, kNow - minutes(1));
}

TEST(StateTest, RunStartedBeforeLastCompletionIsSuperseded) {
  Application app = IntervalApp(hours(24), minutes(30));
  app.open_runs.push_back({"crashed", kNow - hours(5)});
  app.last_success = kNow - hours(1);
  EXPECT_EQ(Evaluate(app, kNow).state, State::kOk);
}

TEST(StateTest, StartWithoutGraceSetsNoDeadline) {
  Application app = IntervalApp(hours(24));
  app.last_success = kNow - hours(2);
  app.open_runs.push_back({"", kNow - hours(1)});
  EXPECT_EQ(Evaluate(app, kNow).state, State::kOk);
}

TEST(StateTest, ScheduleDeadlineIsNextFireAfterLastCompletion) {
  Application app = IntervalApp(Seconds(0), hours(1));
  app.spec.schedule = "30 2 * * *";
  app.schedule = Schedule::Parse("30 2 * * *", "UTC");
  app.last_success = Utc("2026-06-01 02:31:00");
  EXPECT_EQ(*Evaluate(app, kNow).deadline, Utc("2026-06-02 02:30:00"));
  EXPECT_EQ(Evaluate(app, Utc("2026-06-02 02:45:00")).state, State::kLate);
  EXPECT_EQ(Evaluate(app, Utc("2026-06-02 03:30:00")).state, State::kOutdated);
}

TEST(StateTest, StateNamesMatchTheSpecTable) {
  EXPECT_STREQ(StateName(State::kNew), "new");
  EXPECT_STREQ(StateName(State::kOk), "ok");
  EXPECT_STREQ(StateName(State::kLate), "late");
  EXPECT_STREQ(StateName(State::kOutdated), "outdated");
  EXPECT_STREQ(StateName(State::kFail), "fail");
  EXPECT_STREQ(StateName(State::kPaused), "paused");
  EXPECT_EQ(static_cast<int>(State::kPaused), 5);
}

// Found by fuzz/metrics/exposition_fuzz.cpp: a record loaded from the database
// may hold durations from before the 100-year cap; adding them overflowed.
TEST(StateTest, HugeStoredDurationsSaturateInsteadOfOverflowing) {
  constexpr long long kHuge = 2857153140151722400LL;  // seconds; times 1000 overflows
  Application app = IntervalApp(Seconds(kHuge), Seconds(kHuge));
  app.last_success = kNow - hours(1);
  Evaluation evaluation = Evaluate(app, kNow);
  EXPECT_EQ(evaluation.state, State::kOk);
  EXPECT_EQ(ToMillis(*evaluation.deadline), std::numeric_limits<long long>::max());

  app = IntervalApp(hours(1), Seconds(-kHuge));
  app.last_success = kNow - minutes(30);
  evaluation = Evaluate(app, kNow);
  EXPECT_EQ(evaluation.state, State::kOutdated);  // a negative grace: outdated at once
  EXPECT_EQ(*evaluation.deadline, kNow + minutes(30));
}

}  // namespace
}  // namespace heartbeat
