// Clock steps, with the manual clock: the writer's order decides which
// completion is the last; deadlines follow the wall clock (docs/storage.md).
#include <gtest/gtest.h>

#include "heartbeat/core/state.h"
#include "store/store_fixture.h"

namespace heartbeat {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using testing::StoreTest;

TEST_F(StoreTest, ABackwardStepCannotMakeAnOlderFailureWin) {
  const TimePoint start = clock_.Now();
  {
    Store store(Options(), clock_);
    const long long id = Create(store, "backup");
    ASSERT_EQ(store.RecordSignal(id, Fail()).status, WriteStatus::kOk);
    clock_.Set(start - hours(1));  // NTP steps the clock back an hour
    ASSERT_EQ(store.RecordSignal(id, Ok()).status, WriteStatus::kOk);
    const ApplicationRecord app = store.index().FindById(id);
    EXPECT_FALSE(app->last_completion_failed());
    EXPECT_EQ(*app->last_checkin(), start - hours(1));
    EXPECT_EQ(Evaluate(*app, clock_.Now()).state, State::kOk);
  }
  Store reopened(Options(), clock_);
  const ApplicationRecord app = reopened.index().FindByName("backup");
  EXPECT_FALSE(app->last_completion_failed()) << "the order survives a restart";
  EXPECT_EQ(Evaluate(*app, clock_.Now()).state, State::kOk);
}

TEST_F(StoreTest, ABackwardStepMovesTheDeadlineWithTheLastCompletion) {
  Store store(Options(), clock_);
  const long long id = Create(store, "backup");  // interval 1h, grace 0
  const TimePoint start = clock_.Now();
  store.RecordSignal(id, Ok());
  clock_.Set(start - minutes(30));
  store.RecordSignal(id, Ok());
  const Evaluation evaluation = Evaluate(*store.index().FindById(id), clock_.Now());
  EXPECT_EQ(*evaluation.deadline, start + minutes(30)) << "counted from the last completion";
  EXPECT_EQ(evaluation.state, State::kOk);
}

TEST_F(StoreTest, AForwardStepMakesDeadlinesPassUntilTheNextSignal) {
  Store store(Options(), clock_);
  const long long id = Create(store, "backup");  // interval 1h, grace 0
  store.RecordSignal(id, Ok());
  clock_.Advance(hours(3));  // a forward jump: as far as the exporter knows, 3 h passed
  EXPECT_EQ(Evaluate(*store.index().FindById(id), clock_.Now()).state, State::kOutdated);
  store.RecordSignal(id, Ok());  // the job's next run
  EXPECT_EQ(Evaluate(*store.index().FindById(id), clock_.Now()).state, State::kOk);
}

}  // namespace
}  // namespace heartbeat
