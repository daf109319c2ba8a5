#include "heartbeat/core/uptime.h"

#include <gtest/gtest.h>

#include "common/test_time.h"

namespace heartbeat {
namespace {

using std::chrono::hours;
using testing::Utc;

const TimePoint kNow = Utc("2026-06-02 00:00:00");
constexpr std::chrono::milliseconds kDay = hours(24);

TEST(UptimeTest, AlwaysOkIsOne) {
  const std::vector<Flip> flips = {{kNow - hours(48), State::kNew, State::kOk, "ok signal"}};
  EXPECT_DOUBLE_EQ(*Uptime(flips, State::kNew, kDay, kNow), 1.0);
}

TEST(UptimeTest, SixHoursOutdatedInADayIsThreeQuarters) {
  const std::vector<Flip> flips = {
      {kNow - hours(48), State::kNew, State::kOk, "ok signal"},
      {kNow - hours(12), State::kOk, State::kOutdated, "grace period passed"},
      {kNow - hours(6), State::kOutdated, State::kOk, "ok signal"}};
  EXPECT_DOUBLE_EQ(*Uptime(flips, State::kNew, kDay, kNow), 0.75);
}

TEST(UptimeTest, LateCountsAsUpAndFailAsDown) {
  const std::vector<Flip> flips = {{kNow - hours(24), State::kOk, State::kLate, "deadline passed"},
                                   {kNow - hours(18), State::kLate, State::kFail, "fail signal"}};
  EXPECT_DOUBLE_EQ(*Uptime(flips, State::kOk, kDay, kNow), 0.25);
}

TEST(UptimeTest, NewAndPausedTimeIsNotCounted) {
  const std::vector<Flip> flips = {
      {kNow - hours(12), State::kNew, State::kOk, "ok signal"},
      {kNow - hours(9), State::kOk, State::kOutdated, "grace period passed"},
      {kNow - hours(6), State::kOutdated, State::kPaused, "paused"}};
  // Counted: 3 h ok and 3 h outdated.
  EXPECT_DOUBLE_EQ(*Uptime(flips, State::kNew, kDay, kNow), 0.5);
}

TEST(UptimeTest, NothingCountedIsNoUptime) {
  EXPECT_FALSE(Uptime({}, State::kNew, kDay, kNow).has_value());
  EXPECT_FALSE(Uptime({}, State::kPaused, kDay, kNow).has_value());
}

TEST(UptimeTest, FlipsBeforeTheWindowOnlySetItsStartingState) {
  const std::vector<Flip> flips = {
      {kNow - hours(24 * 10), State::kOk, State::kOutdated, "grace period passed"},
      {kNow - hours(12), State::kOutdated, State::kOk, "ok signal"}};
  EXPECT_DOUBLE_EQ(*Uptime(flips, State::kOk, kDay, kNow), 0.5);
  EXPECT_NEAR(*Uptime(flips, State::kOk, 7 * kDay, kNow), 0.5 / 7, 1e-12);
  // 30 days: 20 days ok before the outage, 9.5 days out, 12 hours ok.
  EXPECT_NEAR(*Uptime(flips, State::kOk, 30 * kDay, kNow), 20.5 / 30, 1e-12);
}

TEST(UptimeTest, FlipsAfterNowAreIgnored) {
  const std::vector<Flip> flips = {{kNow + hours(1), State::kOk, State::kFail, "fail signal"}};
  EXPECT_DOUBLE_EQ(*Uptime(flips, State::kOk, kDay, kNow), 1.0);
}

TEST(UptimeTest, StateAtFollowsTheFlips) {
  const std::vector<Flip> flips = {{kNow - hours(2), State::kNew, State::kOk, ""},
                                   {kNow - hours(1), State::kOk, State::kLate, ""}};
  EXPECT_EQ(StateAt(flips, State::kNew, kNow - hours(3)), State::kNew);
  EXPECT_EQ(StateAt(flips, State::kNew, kNow - hours(2)), State::kOk);
  EXPECT_EQ(StateAt(flips, State::kNew, kNow), State::kLate);
}

}  // namespace
}  // namespace heartbeat

namespace heartbeat {
namespace {

TEST(UptimeWindowsTest, WithoutFlipsTheCurrentStateHeldAllAlong) {
  const TimePoint now = testing::Utc("2026-06-02 00:00:00");
  const UptimeWindows ok = UptimeOverWindows({}, State::kOk, now);
  EXPECT_DOUBLE_EQ(*ok.day, 1.0);
  EXPECT_DOUBLE_EQ(*ok.month, 1.0);
  EXPECT_FALSE(UptimeOverWindows({}, State::kNew, now).week.has_value());
}

TEST(UptimeWindowsTest, EachWindowCountsItsOwnPart) {
  const TimePoint now = testing::Utc("2026-06-30 00:00:00");
  const std::vector<Flip> flips = {
      {now - std::chrono::hours(24 * 3), State::kOk, State::kOutdated, "grace period passed"},
      {now - std::chrono::hours(24 * 2), State::kOutdated, State::kOk, "ok signal"}};
  const UptimeWindows windows = UptimeOverWindows(flips, State::kOk, now);
  EXPECT_DOUBLE_EQ(*windows.day, 1.0);
  EXPECT_NEAR(*windows.week, 6.0 / 7, 1e-12);
  EXPECT_NEAR(*windows.month, 29.0 / 30, 1e-12);
}

}  // namespace
}  // namespace heartbeat
