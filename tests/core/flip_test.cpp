#include "heartbeat/core/flip.h"

#include <gtest/gtest.h>

#include "common/test_time.h"

namespace heartbeat {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using testing::Utc;

const TimePoint kCreated = Utc("2026-06-01 00:00:00");

Application HourlyApp(Seconds grace) {
  Application app;
  app.id = 1;
  app.spec.name = "backup";
  app.spec.interval = hours(1);
  app.spec.grace = grace;
  app.created_at = kCreated;
  app.last_success = kCreated + minutes(10);
  app.signals_total = 1;
  return app;
}

TEST(FlipTest, TheClockMakesLateThenOutdatedDatedAtTheirInstants) {
  const Application app = HourlyApp(minutes(15));
  const TimePoint now = kCreated + hours(5);  // long after both instants: a restart's catch-up
  const std::vector<Flip> flips = ClockFlips(app, {State::kOk, kCreated + minutes(10)}, now);
  ASSERT_EQ(flips.size(), 2u);
  EXPECT_EQ(flips[0].at, kCreated + minutes(70));
  EXPECT_EQ(flips[0].from, State::kOk);
  EXPECT_EQ(flips[0].to, State::kLate);
  EXPECT_EQ(flips[0].reason, "deadline passed");
  EXPECT_EQ(flips[1].at, kCreated + minutes(85));
  EXPECT_EQ(flips[1].to, State::kOutdated);
  EXPECT_EQ(flips[1].reason, "grace period passed");
}

TEST(FlipTest, NothingBeforeTheDeadline) {
  const Application app = HourlyApp(minutes(15));
  EXPECT_TRUE(
      ClockFlips(app, {State::kOk, kCreated + minutes(10)}, kCreated + minutes(69)).empty());
  EXPECT_EQ(*NextClockChange(app, kCreated + minutes(20)), kCreated + minutes(70));
  EXPECT_EQ(*NextClockChange(app, kCreated + minutes(70)), kCreated + minutes(85));
  EXPECT_FALSE(NextClockChange(app, kCreated + minutes(85)).has_value());
}

TEST(FlipTest, AlreadyRecordedInstantsAreNotRecordedAgain) {
  const Application app = HourlyApp(minutes(15));
  const std::vector<Flip> flips =
      ClockFlips(app, {State::kLate, kCreated + minutes(70)}, kCreated + hours(2));
  ASSERT_EQ(flips.size(), 1u);
  EXPECT_EQ(flips[0].from, State::kLate);
  EXPECT_EQ(flips[0].to, State::kOutdated);
}

TEST(FlipTest, WithoutGraceLateAndOutdatedAreOneFlip) {
  const Application app = HourlyApp(Seconds(0));
  const std::vector<Flip> flips =
      ClockFlips(app, {State::kOk, kCreated + minutes(10)}, kCreated + hours(3));
  ASSERT_EQ(flips.size(), 1u);
  EXPECT_EQ(flips[0].to, State::kOutdated);
  EXPECT_EQ(flips[0].at, kCreated + minutes(70));
  EXPECT_EQ(flips[0].reason, "deadline passed");
}

TEST(FlipTest, AStateFromBeforeFlipsIsEvaluatedAtNow) {
  const Application app = HourlyApp(minutes(15));
  const TimePoint now = kCreated + minutes(20);
  const std::vector<Flip> flips = ClockFlips(app, {State::kNew, kCreated}, now);
  ASSERT_EQ(flips.size(), 1u);
  EXPECT_EQ(flips[0].to, State::kOk);
  EXPECT_EQ(flips[0].at, now);
  EXPECT_EQ(flips[0].reason, "evaluated");
}

TEST(FlipTest, AStartWindowThatPassesIsAFlipAtItsEnd) {
  Application app = HourlyApp(minutes(30));
  app.spec.windows.start_window = minutes(5);
  EXPECT_EQ(*NextClockChange(app, kCreated + minutes(71)), kCreated + minutes(75));
  const std::vector<Flip> flips =
      ClockFlips(app, {State::kOk, kCreated + minutes(10)}, kCreated + hours(3));
  ASSERT_EQ(flips.size(), 2u);
  EXPECT_EQ(flips[0].to, State::kLate);
  EXPECT_EQ(flips[1].to, State::kOutdated);
  EXPECT_EQ(flips[1].at, kCreated + minutes(75));
  EXPECT_EQ(flips[1].reason, "start window passed");
}

TEST(FlipTest, ARunPastItsMaximumRunTimeIsAFlipAtThatInstant) {
  Application app = HourlyApp(minutes(15));
  app.spec.windows.max_runtime = minutes(20);
  app.open_runs.push_back({"", kCreated + minutes(30)});
  app.last_start = kCreated + minutes(30);
  EXPECT_EQ(*NextClockChange(app, kCreated + minutes(31)), kCreated + minutes(50));
  const std::vector<Flip> flips =
      ClockFlips(app, {State::kOk, kCreated + minutes(10)}, kCreated + hours(3));
  ASSERT_FALSE(flips.empty());
  EXPECT_EQ(flips.front().at, kCreated + minutes(50));
  EXPECT_EQ(flips.front().to, State::kOutdated);
  EXPECT_EQ(flips.front().reason, "maximum run time passed");
}

TEST(FlipTest, ASuccessTooSoonAfterItsStartSaysSo) {
  Application before = HourlyApp(minutes(15));
  before.spec.windows.min_runtime = minutes(5);
  Application after = before;
  after.signals_total = 2;
  after.last_success = kCreated + minutes(40);
  after.last_duration_seconds = 2.0;
  EXPECT_EQ(ChangeReason(before, after), "ok signal, too fast");
  after.last_duration_seconds = 600.0;
  EXPECT_EQ(ChangeReason(before, after), "ok signal");
}

TEST(FlipTest, ReasonsNameWhatTheWriteChanged) {
  const Application before = HourlyApp(Seconds(0));
  Application after = before;
  after.signals_total = 2;
  after.last_completion_was_failure = true;
  EXPECT_EQ(ChangeReason(before, after), "fail signal");
  after.last_completion_was_failure = false;
  EXPECT_EQ(ChangeReason(before, after), "ok signal");
  Application paused = before;
  paused.paused = true;
  EXPECT_EQ(ChangeReason(before, paused), "paused");
  EXPECT_EQ(ChangeReason(paused, before), "resumed");
  Application respecified = before;
  respecified.spec.interval = minutes(5);
  EXPECT_EQ(ChangeReason(before, respecified), "settings changed");
}

TEST(FlipTest, StateNamesRoundTrip) {
  for (int value = 0; value < kStateCount; ++value) {
    const auto state = static_cast<State>(value);
    EXPECT_EQ(StateFromName(StateName(state)), state);
  }
  EXPECT_FALSE(StateFromName("sideways").has_value());
}

}  // namespace
}  // namespace heartbeat
