#include "heartbeat/core/signal.h"

#include <gtest/gtest.h>

#include "common/test_time.h"

namespace heartbeat {
namespace {

using testing::Utc;

Signal At(SignalKind kind, const std::string& time, const std::string& rid = "") {
  Signal signal;
  signal.kind = kind;
  signal.received_at = Utc(time);
  signal.rid = rid;
  return signal;
}

TEST(SignalTest, OkAndFailCountCompletions) {
  Application app;
  ApplySignal(app, At(SignalKind::kOk, "2026-01-01 00:00:00"));
  ApplySignal(app, At(SignalKind::kFail, "2026-01-01 01:00:00"));
  ApplySignal(app, At(SignalKind::kLog, "2026-01-01 02:00:00"));
  EXPECT_EQ(app.signals_total, 2);
  EXPECT_EQ(app.failures_total, 1);
  EXPECT_EQ(*app.last_success, Utc("2026-01-01 00:00:00"));
  EXPECT_EQ(*app.last_failure, Utc("2026-01-01 01:00:00"));
  EXPECT_TRUE(app.last_completion_failed());
}

TEST(SignalTest, StartThenCompletionGivesDuration) {
  Application app;
  ApplySignal(app, At(SignalKind::kStart, "2026-01-01 00:00:00"));
  const auto duration =
      ApplySignal(app, At(SignalKind::kOk, "2026-01-01 00:01:30")).duration_seconds;
  ASSERT_TRUE(duration.has_value());
  EXPECT_DOUBLE_EQ(*duration, 90.0);
  EXPECT_DOUBLE_EQ(*app.last_duration_seconds, 90.0);
  EXPECT_TRUE(app.open_runs.empty());
}

TEST(SignalTest, RidsPairConcurrentRuns) {
  Application app;
  ApplySignal(app, At(SignalKind::kStart, "2026-01-01 00:00:00", "a"));
  ApplySignal(app, At(SignalKind::kStart, "2026-01-01 00:00:10", "b"));
  const SignalEffect b = ApplySignal(app, At(SignalKind::kOk, "2026-01-01 00:00:30", "b"));
  EXPECT_DOUBLE_EQ(*b.duration_seconds, 20.0);
  EXPECT_EQ(b.closed_rids, std::vector<std::string>{"b"});
  const SignalEffect a = ApplySignal(app, At(SignalKind::kFail, "2026-01-01 00:01:00", "a"));
  EXPECT_DOUBLE_EQ(*a.duration_seconds, 60.0);
  EXPECT_EQ(a.closed_rids, std::vector<std::string>{"a"});
}

TEST(SignalTest, CompletionWithoutStartHasUnknownDuration) {
  Application app;
  ApplySignal(app, At(SignalKind::kStart, "2026-01-01 00:00:00"));
  ApplySignal(app, At(SignalKind::kOk, "2026-01-01 00:00:05"));
  const SignalEffect effect = ApplySignal(app, At(SignalKind::kOk, "2026-01-01 00:10:00"));
  EXPECT_TRUE(effect.completion);
  EXPECT_FALSE(effect.duration_seconds.has_value());
  EXPECT_TRUE(effect.closed_rids.empty());
  EXPECT_FALSE(app.last_duration_seconds.has_value());
}

TEST(SignalTest, OpenRunsAreBounded) {
  Application app;
  for (std::size_t i = 0; i < kMaxOpenRuns + 10; ++i) {
    ApplySignal(app, At(SignalKind::kStart, "2026-01-01 00:00:00", "run-" + std::to_string(i)));
  }
  EXPECT_EQ(app.open_runs.size(), kMaxOpenRuns);
  EXPECT_EQ(app.open_runs.front().rid, "run-10") << "the oldest runs are dropped first";
  const SignalEffect effect = ApplySignal(app, At(SignalKind::kStart, "2026-01-01 00:00:01", "x"));
  EXPECT_EQ(effect.closed_rids, std::vector<std::string>{"run-10"}) << "the dropped run is said";
  ASSERT_TRUE(effect.opened.has_value());
  EXPECT_EQ(effect.opened->rid, "x");
}

TEST(SignalTest, ARestartedRunIsOpenedAgainNotClosed) {
  Application app;
  ApplySignal(app, At(SignalKind::kStart, "2026-01-01 00:00:00", "a"));
  const SignalEffect again = ApplySignal(app, At(SignalKind::kStart, "2026-01-01 00:00:09", "a"));
  EXPECT_TRUE(again.closed_rids.empty());
  ASSERT_TRUE(again.opened.has_value());
  EXPECT_EQ(again.opened->started_at, Utc("2026-01-01 00:00:09"));
  EXPECT_EQ(app.open_runs.size(), 1u);
  EXPECT_FALSE(again.completion);
}

TEST(SignalTest, AnySignalResumesUnlessManualResume) {
  Application app;
  app.paused = true;
  ApplySignal(app, At(SignalKind::kLog, "2026-01-01 00:00:00"));
  EXPECT_FALSE(app.paused);
  app.paused = true;
  app.spec.manual_resume = true;
  ApplySignal(app, At(SignalKind::kOk, "2026-01-01 00:00:00"));
  EXPECT_TRUE(app.paused);
  EXPECT_EQ(app.signals_total, 1) << "a paused application still records its signals";
}

TEST(SignalTest, TheLaterCompletionWinsWhenTheClockSteppedBack) {
  Application app;
  ApplySignal(app, At(SignalKind::kFail, "2026-01-01 10:00:00"));
  ApplySignal(app, At(SignalKind::kOk, "2026-01-01 09:00:00"));  // clock stepped back an hour
  EXPECT_FALSE(app.last_completion_failed());
  EXPECT_EQ(*app.last_checkin(), Utc("2026-01-01 09:00:00"));
  ApplySignal(app, At(SignalKind::kFail, "2026-01-01 08:00:00"));  // and again
  EXPECT_TRUE(app.last_completion_failed());
  EXPECT_EQ(*app.last_checkin(), Utc("2026-01-01 08:00:00"));
}

}  // namespace
}  // namespace heartbeat
