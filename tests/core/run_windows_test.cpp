// Start windows, run-time limits and the reason of each state (issue 16).
#include <gtest/gtest.h>

#include "common/test_time.h"
#include "heartbeat/core/application.h"
#include "heartbeat/core/state.h"

namespace heartbeat {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;
using testing::Utc;

// Nightly at 02:00 UTC, last ran yesterday; grace 30m, start window 10m,
// run time between 1m and 2h: the shape of the backup job.
Application NightlyBackup() {
  Application app;
  app.spec.name = "nightly";
  app.spec.schedule = "0 2 * * *";
  app.schedule = Schedule::Parse("0 2 * * *", "UTC");
  app.spec.grace = minutes(30);
  app.spec.windows.start_window = minutes(10);
  app.spec.windows.max_runtime = hours(2);
  app.spec.windows.min_runtime = minutes(1);
  app.created_at = Utc("2026-05-01 00:00:00");
  app.last_start = Utc("2026-05-31 02:00:00");
  app.last_success = Utc("2026-05-31 02:20:00");
  app.last_duration_seconds = 1200;
  return app;
}

void Start(Application& app, TimePoint at) {
  app.last_start = at;
  app.open_runs.push_back({"", at});
}

Evaluation At(const Application& app, const char* when) { return Evaluate(app, Utc(when)); }

TEST(RunWindowsTest, BeforeTheDueTimeIsOkWithNoReason) {
  const Evaluation evaluation = At(NightlyBackup(), "2026-06-01 01:59:00");
  EXPECT_EQ(evaluation.state, State::kOk);
  EXPECT_EQ(evaluation.reason, Reason::kNone);
  EXPECT_EQ(*evaluation.deadline, Utc("2026-06-01 02:00:00"));
}

TEST(RunWindowsTest, NoStartWithinTheStartWindowIsNotStarted) {
  const Application app = NightlyBackup();
  EXPECT_EQ(At(app, "2026-06-01 02:05:00").state, State::kLate);
  EXPECT_EQ(At(app, "2026-06-01 02:05:00").reason, Reason::kLate);
  const Evaluation evaluation = At(app, "2026-06-01 02:10:00");
  EXPECT_EQ(evaluation.state, State::kOutdated);
  EXPECT_EQ(evaluation.reason, Reason::kNotStarted);
  EXPECT_EQ(At(app, "2026-06-01 09:00:00").reason, Reason::kNotStarted);
}

TEST(RunWindowsTest, AStartedRunMayGoOnUntilMaxRuntimePastTheGrace) {
  Application app = NightlyBackup();
  Start(app, Utc("2026-06-01 02:03:00"));
  EXPECT_EQ(At(app, "2026-06-01 02:45:00").state, State::kLate);
  EXPECT_EQ(At(app, "2026-06-01 02:45:00").reason, Reason::kLate);
  EXPECT_EQ(At(app, "2026-06-01 04:02:59").state, State::kLate);
  const Evaluation hung = At(app, "2026-06-01 04:03:00");
  EXPECT_EQ(hung.state, State::kOutdated);
  EXPECT_EQ(hung.reason, Reason::kOverdue);
}

TEST(RunWindowsTest, WithoutMaxRuntimeGraceBoundsTheRunAsBefore) {
  Application app = NightlyBackup();
  app.spec.windows.max_runtime = Seconds(0);
  Start(app, Utc("2026-06-01 01:50:00"));  // started early: the start window is met
  const Evaluation evaluation = At(app, "2026-06-01 02:20:00");
  EXPECT_EQ(evaluation.state, State::kOutdated);
  EXPECT_EQ(evaluation.reason, Reason::kOverdue);
  EXPECT_EQ(*evaluation.deadline, Utc("2026-06-01 02:00:00"));
}

TEST(RunWindowsTest, ACompletionSoonerThanMinRuntimeIsTooFast) {
  Application app = NightlyBackup();
  app.last_start = Utc("2026-06-01 02:00:00");
  app.last_success = Utc("2026-06-01 02:00:02");
  app.last_duration_seconds = 2;
  const Evaluation evaluation = At(app, "2026-06-01 03:00:00");
  EXPECT_EQ(evaluation.state, State::kFail);
  EXPECT_EQ(evaluation.reason, Reason::kTooFast);
  app.last_duration_seconds = 60;  // exactly the minimum is fine
  EXPECT_EQ(At(app, "2026-06-01 03:00:00").state, State::kOk);
}

TEST(RunWindowsTest, AnUnknownDurationIsNeverTooFast) {
  Application app = NightlyBackup();
  app.last_success = Utc("2026-06-01 02:00:02");
  app.last_duration_seconds.reset();
  EXPECT_EQ(At(app, "2026-06-01 03:00:00").state, State::kOk);
}

TEST(RunWindowsTest, AFailedCompletionIsFailedEvenWhenItWasQuick) {
  Application app = NightlyBackup();
  app.last_failure = Utc("2026-06-01 02:00:02");
  app.last_completion_was_failure = true;
  app.last_duration_seconds = 2;
  const Evaluation evaluation = At(app, "2026-06-01 03:00:00");
  EXPECT_EQ(evaluation.state, State::kFail);
  EXPECT_EQ(evaluation.reason, Reason::kFailed);
}

TEST(RunWindowsTest, WithoutAStartWindowANeverSeenCompletionIsMissed) {
  Application app = NightlyBackup();
  app.spec.windows.start_window = Seconds(0);
  EXPECT_EQ(At(app, "2026-06-01 02:29:59").reason, Reason::kLate);
  const Evaluation evaluation = At(app, "2026-06-01 02:30:00");
  EXPECT_EQ(evaluation.state, State::kOutdated);
  EXPECT_EQ(evaluation.reason, Reason::kMissed);
}

TEST(RunWindowsTest, PausedHasNoReason) {
  Application app = NightlyBackup();
  app.paused = true;
  EXPECT_EQ(At(app, "2026-06-01 09:00:00").reason, Reason::kNone);
}

TEST(RunWindowsTest, ReasonNamesAreTheContract) {
  EXPECT_STREQ(ReasonName(Reason::kNone), "none");
  EXPECT_STREQ(ReasonName(Reason::kLate), "late");
  EXPECT_STREQ(ReasonName(Reason::kNotStarted), "not_started");
  EXPECT_STREQ(ReasonName(Reason::kMissed), "missed");
  EXPECT_STREQ(ReasonName(Reason::kOverdue), "overdue");
  EXPECT_STREQ(ReasonName(Reason::kTooFast), "too_fast");
  EXPECT_STREQ(ReasonName(Reason::kFailed), "failed");
}

TEST(RunWindowsTest, ValidationRefusesContradictionsWithASentence) {
  ApplicationSpec spec;
  spec.name = "nightly";
  spec.schedule = "0 2 * * *";
  spec.grace = minutes(30);
  spec.windows.min_runtime = hours(1);
  EXPECT_EQ(ValidateSpec(spec),
            "min_runtime 1h must be shorter than the maximum run time (30m, grace)");
  spec.windows.max_runtime = hours(2);
  EXPECT_EQ(ValidateSpec(spec), "");
  spec.windows.start_window = Seconds(-1);
  EXPECT_EQ(ValidateSpec(spec), "start_window must not be negative");
  spec.windows.start_window = minutes(5);
  spec.schedule.clear();
  EXPECT_EQ(ValidateSpec(spec),
            "start_window needs an interval or a schedule: it counts from the time a run is due");
}

}  // namespace
}  // namespace heartbeat
