#include "heartbeat/probe/probe_state.h"

#include <gtest/gtest.h>

namespace heartbeat {
namespace {

const TimePoint kStart = FromMillis(1'700'000'000'000);

ProbeResult Pass() { return {true, false, 0.01, 200, std::nullopt, "answered 200"}; }
ProbeResult Warn() { return {true, true, 0.01, 200, std::nullopt, "warn"}; }
ProbeResult Failure() { return {false, false, 0.01, 500, std::nullopt, "answered 500"}; }

ProbeSpec Thresholds(int healthy, int unhealthy) {
  ProbeSpec probe;
  probe.url = "http://x/";
  probe.healthy_threshold = healthy;
  probe.unhealthy_threshold = unhealthy;
  return probe;
}

// Feeds results one interval apart from kStart; returns the attempt (1-based)
// at which each verdict change happened.
std::vector<int> ChangesAt(ProbeCounters& counters, const ProbeSpec& probe,
                           const std::vector<ProbeResult>& results) {
  std::vector<int> changes;
  for (std::size_t i = 0; i < results.size(); ++i) {
    const TimePoint now = kStart + probe.interval * static_cast<int>(i);
    if (ObserveAttempt(counters, probe, results[i], now)) {
      changes.push_back(static_cast<int>(i) + 1);
      EXPECT_EQ(counters.changed_at, now);
    }
  }
  return changes;
}

TEST(ProbeStateTest, NewUntilTheHealthyThresholdOfSuccesses) {
  const ProbeSpec probe = Thresholds(3, 2);
  ProbeCounters counters;
  EXPECT_EQ(ChangesAt(counters, probe, {Pass(), Pass()}), std::vector<int>{});
  EXPECT_EQ(counters.verdict, ProbeVerdict::kNew);
  EXPECT_EQ(counters.consecutive_successes, 2);
  EXPECT_EQ(ChangesAt(counters, probe, {Pass()}), std::vector<int>{1});
  EXPECT_EQ(counters.verdict, ProbeVerdict::kOk);
  EXPECT_EQ(counters.changed_at, kStart);
}

TEST(ProbeStateTest, FailAfterExactlyTheUnhealthyThresholdAndBackAfterTheHealthyOne) {
  const ProbeSpec probe = Thresholds(2, 3);
  ProbeCounters counters;
  counters.verdict = ProbeVerdict::kOk;
  const std::vector<int> changes =
      ChangesAt(counters, probe,
                {Failure(), Failure(), Pass(), Failure(), Failure(), Failure(), Pass(), Pass()});
  // Attempts 1-2 and 4-5 stay ok (degraded); attempt 6 is the third failure in a row;
  // attempt 7 is one success, attempt 8 the second.
  EXPECT_EQ(changes, (std::vector<int>{6, 8}));
  EXPECT_EQ(counters.verdict, ProbeVerdict::kOk);
  EXPECT_EQ(counters.consecutive_successes, 2);
  EXPECT_EQ(counters.consecutive_failures, 0);
}

TEST(ProbeStateTest, DegradedIsAFailureBelowTheThresholdOrAWarn) {
  const ProbeSpec probe = Thresholds(2, 2);
  ProbeCounters counters;
  counters.verdict = ProbeVerdict::kOk;
  ObserveAttempt(counters, probe, Failure(), kStart);
  EXPECT_TRUE(counters.degraded);
  EXPECT_EQ(counters.verdict, ProbeVerdict::kOk);
  ObserveAttempt(counters, probe, Failure(), kStart);
  EXPECT_FALSE(counters.degraded) << "failed, no longer merely degraded";
  EXPECT_EQ(counters.verdict, ProbeVerdict::kFail);
  ObserveAttempt(counters, probe, Warn(), kStart);
  EXPECT_TRUE(counters.degraded);
  EXPECT_EQ(counters.verdict, ProbeVerdict::kFail);
  ObserveAttempt(counters, probe, Warn(), kStart);
  EXPECT_EQ(counters.verdict, ProbeVerdict::kOk) << "warn passes";
  EXPECT_TRUE(counters.degraded);
  ObserveAttempt(counters, probe, Pass(), kStart);
  EXPECT_FALSE(counters.degraded);
}

TEST(ProbeStateTest, AlternatingResultsNeverChangeTheVerdict) {
  const ProbeSpec probe = Thresholds(2, 2);
  ProbeCounters counters;
  EXPECT_EQ(ChangesAt(counters, probe, {Pass(), Failure(), Pass(), Failure(), Pass()}),
            std::vector<int>{});
  EXPECT_EQ(counters.verdict, ProbeVerdict::kNew);
}

TEST(ProbeStateTest, CountersStartFromTheStoredVerdict) {
  Application app;
  EXPECT_EQ(CountersFromRecord(app).verdict, ProbeVerdict::kNew);
  app.last_success = kStart;
  EXPECT_EQ(CountersFromRecord(app).verdict, ProbeVerdict::kOk);
  app.last_failure = kStart + Seconds(1);
  app.last_completion_was_failure = true;
  EXPECT_EQ(CountersFromRecord(app).verdict, ProbeVerdict::kFail);
  EXPECT_EQ(CountersFromRecord(app).consecutive_failures, 0);
}

}  // namespace
}  // namespace heartbeat
