#include "heartbeat/probe/probe_scheduler.h"

#include <gtest/gtest.h>

#include <functional>
#include <thread>

#include "common/probe_target_server.h"
#include "common/test_time.h"
#include "heartbeat/core/state.h"
#include "heartbeat/core/token.h"

namespace heartbeat {
namespace {

using testing::ProbeTargetServer;
using testing::TargetMode;

// Waits for a condition the scheduler reaches by itself; the bound only keeps a
// broken build from hanging, it is not what is tested.
bool Eventually(const std::function<bool()>& condition, int seconds = 60) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (std::chrono::steady_clock::now() < until) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return condition();
}

class ProbeSchedulerTest : public ::testing::Test {
 protected:
  ProbeSchedulerTest() : clock_(testing::Utc("2026-11-24 10:00:00")), store_(Options(), clock_) {}

  static StoreOptions Options() {
    StoreOptions options;
    options.path = StorageLocation::kInMemory;
    return options;
  }

  // One-second probes (below the API's 5 s minimum: the store takes any spec) keep the test short.
  long long AddProbe(const std::string& name, const std::string& url, int healthy = 2,
                     int unhealthy = 2) {
    ApplicationSpec spec;
    spec.name = name;
    ProbeSpec probe;
    probe.url = url;
    probe.interval = Seconds(1);
    probe.timeout = Seconds(1);
    probe.healthy_threshold = healthy;
    probe.unhealthy_threshold = unhealthy;
    spec.probe = probe;
    const WriteResult created = store_.CreateApplication(spec, HashToken(name + "-token-x"), false);
    EXPECT_EQ(created.status, WriteStatus::kOk) << created.message;
    return created.record->id;
  }

  State StateOf(const std::string& name) {
    return Evaluate(*store_.index().FindByName(name), clock_.Now()).state;
  }

  std::optional<ProbeStatus> StatusOf(ProbeScheduler& scheduler, long long id) {
    for (const ProbeStatus& status : scheduler.Statuses()) {
      if (status.application_id == id) return status;
    }
    return std::nullopt;
  }

  ProbeSchedulerOptions Fast() {
    ProbeSchedulerOptions options;
    options.max_in_flight = 4;
    options.sync_period = std::chrono::milliseconds(50);
    options.jitter_seed = 7;
    return options;
  }

  ManualTimeSource clock_;
  Store store_;
};

TEST_F(ProbeSchedulerTest, VerdictChangesAreRecordedAsProbeSignalsNotEveryAttempt) {
  ProbeTargetServer server(TargetMode::kHealthy);
  const long long id = AddProbe("api", server.url());
  ProbeScheduler scheduler(store_, clock_, Fast());
  EXPECT_EQ(StateOf("api"), State::kNew);
  ASSERT_TRUE(Eventually([&] { return StateOf("api") == State::kOk; }));
  ASSERT_TRUE(Eventually([&] { return scheduler.attempts() >= 4; }));
  EXPECT_EQ(StateOf("api"), State::kOk);

  server.set_mode(TargetMode::kError500);
  ASSERT_TRUE(Eventually([&] { return StateOf("api") == State::kFail; }));
  server.set_mode(TargetMode::kHealthy);
  ASSERT_TRUE(Eventually([&] { return StateOf("api") == State::kOk; }));

  const std::vector<SignalRow> history = store_.History(id, 100);
  ASSERT_EQ(history.size(), 3u) << "one row per change: ok, fail, ok";
  EXPECT_EQ(history[2].kind, "ok");
  EXPECT_EQ(history[1].kind, "fail");
  EXPECT_EQ(history[0].kind, "ok");
  for (const SignalRow& row : history) {
    EXPECT_EQ(row.classified_by, "probe");
    EXPECT_EQ(row.received_at, clock_.Now()) << "the injected clock stamps the change";
  }
  const auto body = store_.SignalBody(id, history[1].id);
  ASSERT_TRUE(body);
  EXPECT_EQ(*body, "fail after 2 consecutive failures: answered 500, expected 200");
}

TEST_F(ProbeSchedulerTest, StatusCarriesCountersAndTheLastResult) {
  ProbeTargetServer server(TargetMode::kWarnJson);
  const long long id = AddProbe("warned", server.url(), 3, 2);
  ProbeScheduler scheduler(store_, clock_, Fast());
  ASSERT_TRUE(Eventually([&] {
    const auto status = StatusOf(scheduler, id);
    return status && status->counters.consecutive_successes >= 1;
  }));
  const ProbeStatus status = *StatusOf(scheduler, id);
  EXPECT_EQ(status.application, "warned");
  EXPECT_TRUE(status.counters.degraded);
  ASSERT_TRUE(status.last);
  EXPECT_TRUE(status.last->warn);
  EXPECT_EQ(status.last->http_status, 200);
}

TEST_F(ProbeSchedulerTest, PausedAndRemovedApplicationsStopBeingProbed) {
  ProbeTargetServer server(TargetMode::kHealthy);
  const long long id = AddProbe("paused-one", server.url());
  ProbeScheduler scheduler(store_, clock_, Fast());
  ASSERT_TRUE(Eventually([&] { return server.requests() >= 1; }));

  ASSERT_EQ(store_.SetPaused("paused-one", true).status, WriteStatus::kOk);
  scheduler.Sync();
  EXPECT_FALSE(StatusOf(scheduler, id));
  // An attempt already under way may finish; none starts after it.
  std::this_thread::sleep_for(std::chrono::milliseconds(1200));
  const long long after_pause = server.requests();
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  EXPECT_EQ(server.requests(), after_pause);
  EXPECT_EQ(StateOf("paused-one"), State::kPaused) << "a probe result never resumes";

  ASSERT_EQ(store_.SetPaused("paused-one", false).status, WriteStatus::kOk);
  ASSERT_TRUE(Eventually([&] { return server.requests() > after_pause; }));
  ASSERT_EQ(store_.DeleteApplication("paused-one").status, WriteStatus::kOk);
  scheduler.Sync();
  EXPECT_TRUE(scheduler.Statuses().empty());
}

TEST_F(ProbeSchedulerTest, HangingTargetsDoNotHoldUpOthersBeyondTheirSlots) {
  ProbeTargetServer hanging(TargetMode::kHang);
  ProbeTargetServer healthy(TargetMode::kHealthy);
  for (int i = 0; i < 3; ++i) AddProbe("hang-" + std::to_string(i), hanging.url());
  AddProbe("fine", healthy.url());
  ProbeScheduler scheduler(store_, clock_, Fast());  // 4 slots: 3 hang, 1 left
  ASSERT_TRUE(Eventually([&] { return StateOf("fine") == State::kOk; }));
  ASSERT_TRUE(Eventually([&] { return StateOf("hang-0") == State::kFail; }));
}

// 1,000 probes against one local server: all of them are attempted, through
// a pool of 32. The time a round takes is measured in bench/run.sh.
TEST_F(ProbeSchedulerTest, ThousandProbesAreAllAttempted) {
  ProbeTargetServer server(TargetMode::kHealthy);
  for (int i = 0; i < 1000; ++i) AddProbe("p" + std::to_string(i), server.url());
  ProbeSchedulerOptions options = Fast();
  options.max_in_flight = 32;
  ProbeScheduler scheduler(store_, clock_, options);
  ASSERT_TRUE(Eventually([&] {
    for (const ProbeStatus& status : scheduler.Statuses()) {
      if (!status.last) return false;
    }
    return true;
  }));
  EXPECT_EQ(scheduler.Statuses().size(), 1000u);
}

}  // namespace
}  // namespace heartbeat
