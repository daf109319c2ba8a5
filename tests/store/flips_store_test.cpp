// The state history with the manual clock: writes, the clock alone, restarts, retention.
#include <gtest/gtest.h>

#include "heartbeat/core/uptime.h"
#include "store/store_fixture.h"

namespace heartbeat {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using testing::StoreTest;

std::vector<State> Destinations(const std::vector<Flip>& flips) {
  std::vector<State> states;
  for (const Flip& flip : flips) states.push_back(flip.to);
  return states;
}

TEST_F(StoreTest, SignalsAndPausesAreFlipsWithTheirReasons) {
  Store store(Options(), clock_);
  const long long id = Create(store, "backup");  // interval 1h, grace 0
  const TimePoint start = clock_.Now();
  ASSERT_EQ(store.RecordSignal(id, Ok()).status, WriteStatus::kOk);
  ASSERT_EQ(store.RecordSignal(id, Ok()).status, WriteStatus::kOk);  // ok again: no flip
  clock_.Advance(minutes(5));
  ASSERT_EQ(store.RecordSignal(id, Fail()).status, WriteStatus::kOk);
  ASSERT_EQ(store.SetPaused("backup", true).status, WriteStatus::kOk);
  const std::vector<Flip> flips = store.Flips(id, start - hours(1));
  ASSERT_EQ(flips.size(), 3u);
  EXPECT_EQ(flips[0].from, State::kNew);
  EXPECT_EQ(flips[0].to, State::kOk);
  EXPECT_EQ(flips[0].at, start);
  EXPECT_EQ(flips[0].reason, "ok signal");
  EXPECT_EQ(flips[1].to, State::kFail);
  EXPECT_EQ(flips[1].reason, "fail signal");
  EXPECT_EQ(flips[2].to, State::kPaused);
  EXPECT_EQ(flips[2].reason, "paused");
}

TEST_F(StoreTest, TheClockAloneMakesAFlipAtTheDeadline) {
  Store store(Options(), clock_);
  const long long id = Create(store, "backup");
  const TimePoint start = clock_.Now();
  store.RecordSignal(id, Ok());
  EXPECT_EQ(*store.NextDeadline(start), start + hours(1));
  clock_.Advance(minutes(59));
  EXPECT_EQ(store.EvaluateDeadlines(), 0);
  clock_.Advance(minutes(3));
  EXPECT_EQ(store.EvaluateDeadlines(), 1);
  EXPECT_EQ(store.EvaluateDeadlines(), 0) << "recorded once";
  const std::vector<Flip> flips = store.Flips(id, start);
  ASSERT_EQ(flips.size(), 2u);
  EXPECT_EQ(flips[1].to, State::kOutdated);
  EXPECT_EQ(flips[1].at, start + hours(1)) << "dated at the deadline, not when evaluated";
  EXPECT_EQ(store.Recorded(*store.index().FindById(id)).state, State::kOutdated);
}

TEST_F(StoreTest, ASignalAfterAMissedDeadlineRecordsTheDeadlineFirst) {
  Store store(Options(), clock_);
  const long long id = Create(store, "backup");
  const TimePoint start = clock_.Now();
  store.RecordSignal(id, Ok());
  clock_.Advance(hours(2));  // no timer ran meanwhile
  store.RecordSignal(id, Ok());
  const std::vector<Flip> flips = store.Flips(id, start);
  EXPECT_EQ(Destinations(flips), (std::vector<State>{State::kOk, State::kOutdated, State::kOk}));
  EXPECT_EQ(flips[1].at, start + hours(1));
  EXPECT_EQ(flips[2].at, start + hours(2));
}

TEST_F(StoreTest, ARestartCatchesUpFlipsMissedWhileDownDatedAtTheDeadline) {
  const TimePoint start = clock_.Now();
  long long id = 0;
  {
    Store store(Options(), clock_);
    id = Create(store, "backup");
    store.RecordSignal(id, Ok());
  }
  clock_.Advance(hours(5));  // the exporter was down for five hours
  Store reopened(Options(), clock_);
  EXPECT_EQ(reopened.Recorded(*reopened.index().FindById(id)).state, State::kOk)
      << "the last flip is loaded at start";
  EXPECT_EQ(reopened.EvaluateDeadlines(), 1);
  const std::vector<Flip> flips = reopened.Flips(id, start);
  ASSERT_EQ(flips.size(), 2u);
  EXPECT_EQ(flips[1].at, start + hours(1));
  // Uptime over the last day: up one hour of five counted (before creation is not counted).
  const auto uptime = Uptime(flips, State::kNew, hours(24), clock_.Now());
  EXPECT_DOUBLE_EQ(*uptime, 0.2);
}

TEST_F(StoreTest, AReloadThatShortensTheIntervalIsASettingsFlip) {
  Store store(Options(), clock_);
  const long long id = Create(store, "backup");  // interval 1h
  store.RecordSignal(id, Ok());
  clock_.Advance(minutes(10));
  ApplicationSpec shorter = Spec("backup");
  shorter.interval = minutes(5);
  StoreChangeSet changes;
  changes.Update("backup", shorter, true);
  ASSERT_EQ(store.Apply(std::move(changes)).status, WriteStatus::kOk);
  const std::vector<Flip> flips = store.Flips(id, clock_.Now() - hours(1));
  ASSERT_EQ(flips.size(), 2u);
  EXPECT_EQ(flips[1].to, State::kOutdated);
  EXPECT_EQ(flips[1].reason, "settings changed");
  EXPECT_EQ(flips[1].at, clock_.Now());
}

TEST_F(StoreTest, ADeletedApplicationTakesItsFlipsAlong) {
  Store store(Options(), clock_);
  const long long id = Create(store, "backup");
  store.RecordSignal(id, Ok());
  ASSERT_EQ(store.DeleteApplication("backup").status, WriteStatus::kOk);
  EXPECT_TRUE(store.Flips(id, clock_.Now() - hours(1)).empty());
  EXPECT_TRUE(store.FlipsOfAll(clock_.Now() - hours(1)).empty());
}

TEST_F(StoreTest, RetentionKeepsTheLastFlipBeforeTheCutoff) {
  StoreOptions options = Options();
  options.retention_flips = hours(24 * 30);
  Store store(options, clock_);
  const long long id = Create(store, "backup");
  const TimePoint start = clock_.Now();
  store.RecordSignal(id, Ok());
  clock_.Advance(minutes(1));
  store.RecordSignal(id, Fail());
  clock_.Advance(minutes(1));
  store.RecordSignal(id, Ok());
  clock_.Advance(hours(24 * 40));
  store.EvaluateDeadlines();  // records ok -> outdated at start + 1h 2min, then prunes
  const auto all = store.FlipsOfAll(start - hours(1));
  ASSERT_EQ(all.count(id), 1u);
  const std::vector<Flip>& kept = all.at(id);
  ASSERT_EQ(kept.size(), 1u) << "older flips are gone; the last one stays";
  EXPECT_EQ(kept[0].to, State::kOutdated);
  EXPECT_DOUBLE_EQ(*Uptime(kept, kept[0].from, hours(24), clock_.Now()), 0.0);
}

TEST_F(StoreTest, FlipsSinceAWindowStartWithTheStateBeforeIt) {
  Store store(Options(), clock_);
  const long long id = Create(store, "backup");
  store.RecordSignal(id, Ok());
  clock_.Advance(hours(3));
  store.RecordSignal(id, Ok());
  const std::vector<Flip> flips = store.Flips(id, clock_.Now() - minutes(30));
  EXPECT_EQ(Destinations(flips), (std::vector<State>{State::kOutdated, State::kOk}));
  EXPECT_EQ(store.Flips(id, clock_.Now() - hours(5), 1).size(), 1u) << "the limit keeps the newest";
}

}  // namespace
}  // namespace heartbeat
