// Store::Apply: a set of changes commits whole or not at all, and the index
// switches at once.
#include <SQLiteCpp/Database.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "store/store_fixture.h"

namespace heartbeat {
namespace {

using ::testing::HasSubstr;
using testing::StoreTest;

class StoreApplyTest : public StoreTest {
 protected:
  static constexpr int kApplications = 2000;

  void SetUp() override {
    store_ = std::make_unique<Store>(Options(), clock_);
    StoreChangeSet changes;
    for (int i = 0; i < kApplications; ++i) {
      changes.Create(Spec(Name(i), "old"), HashToken("token-" + std::to_string(i)), true);
    }
    ASSERT_EQ(store_->Apply(std::move(changes)).status, WriteStatus::kOk);
  }

  static std::string Name(int i) { return "app-" + std::to_string(i); }

  StoreChangeSet MoveEveryoneTo(const std::string& team) {
    StoreChangeSet changes;
    for (int i = 0; i < kApplications; ++i) changes.Update(Name(i), Spec(Name(i), team), true);
    return changes;
  }

  int TeamOnDisk(const std::string& team) {
    SQLite::Database db(Options().path, SQLite::OPEN_READONLY);
    SQLite::Statement count(db, "SELECT count(*) FROM applications WHERE team = ?");
    count.bind(1, team);
    count.executeStep();
    return count.getColumn(0).getInt();
  }

  int TeamInIndex(const std::string& team) {
    int found = 0;
    for (const ApplicationRecord& app : store_->index().Snapshot()) found += app->spec.team == team;
    return found;
  }

  std::unique_ptr<Store> store_;
};

TEST_F(StoreApplyTest, ACommitFailingHalfWayLeavesStoreAndIndexAsTheyWere) {
  {
    // A trigger makes the UPDATE of the middle application fail inside the transaction.
    SQLite::Database db(Options().path, SQLite::OPEN_READWRITE);
    db.exec(
        "CREATE TRIGGER fail_half_way BEFORE UPDATE OF team ON applications "
        "WHEN NEW.name = 'app-1000' BEGIN SELECT RAISE(ABORT, 'injected failure'); END");
  }
  const WriteResult result = store_->Apply(MoveEveryoneTo("new"));
  EXPECT_EQ(result.status, WriteStatus::kFailed);
  EXPECT_THAT(result.message, HasSubstr("injected failure"));
  EXPECT_EQ(TeamOnDisk("old"), kApplications);
  EXPECT_EQ(TeamInIndex("old"), kApplications);
  EXPECT_THAT(store_->NotReadyReason(), HasSubstr("injected failure"));

  // A signal after that is written, and the store is ready again.
  EXPECT_EQ(store_->RecordSignal(store_->index().FindByName("app-1")->id, Ok()).status,
            WriteStatus::kOk);
  EXPECT_TRUE(store_->Ready());
}

TEST_F(StoreApplyTest, ARefusedChangeRollsBackTheOnesBeforeIt) {
  StoreChangeSet changes = MoveEveryoneTo("new");
  changes.Create(Spec("app-7"), HashToken("another-token"), true);  // the name is taken
  const WriteResult result = store_->Apply(std::move(changes));
  EXPECT_EQ(result.status, WriteStatus::kConflict);
  EXPECT_THAT(result.message, HasSubstr("application \"app-7\": an application named"));
  EXPECT_EQ(TeamOnDisk("old"), kApplications);
  EXPECT_EQ(TeamInIndex("old"), kApplications);
  EXPECT_TRUE(store_->Ready()) << "a refusal is not a store failure";
}

TEST_F(StoreApplyTest, ReadersSeeAllOldOrAllNew) {
  std::atomic<bool> applying{true};
  std::atomic<int> mixed{0};
  std::atomic<int> snapshots{0};
  std::thread reader([&] {
    while (applying) {
      const int old_team = TeamInIndex("old");
      if (old_team != 0 && old_team != kApplications) ++mixed;
      ++snapshots;
    }
  });
  const WriteResult result = store_->Apply(MoveEveryoneTo("new"));
  applying = false;
  reader.join();
  ASSERT_EQ(result.status, WriteStatus::kOk) << result.message;
  EXPECT_EQ(mixed.load(), 0) << "of " << snapshots.load() << " snapshots";
  EXPECT_EQ(TeamInIndex("new"), kApplications);
  EXPECT_EQ(TeamOnDisk("new"), kApplications);
}

TEST_F(StoreApplyTest, SignalsQueuedBesideAnApplyAreNotTakenDownWithIt) {
  const long long id = store_->index().FindByName("app-3")->id;
  std::atomic<bool> applying{true};
  std::atomic<int> refused{0};
  std::thread signaller([&] {
    while (applying) refused += store_->RecordSignal(id, Ok()).status != WriteStatus::kOk;
  });
  StoreChangeSet changes = MoveEveryoneTo("new");
  changes.Delete("no-such-application");
  EXPECT_EQ(store_->Apply(std::move(changes)).status, WriteStatus::kNotFound);
  applying = false;
  signaller.join();
  EXPECT_EQ(refused.load(), 0);
}

}  // namespace
}  // namespace heartbeat
