#include "heartbeat/store/store.h"

#include <SQLiteCpp/Database.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <thread>

#include "heartbeat/core/state.h"
#include "store/store_fixture.h"
#include "store/store_schema.h"

namespace heartbeat {
namespace {

using testing::StoreTest;
using testing::Utc;

TEST_F(StoreTest, CreatesANewDatabaseAtTheLatestVersion) {
  Store store(Options(), clock_);
  EXPECT_EQ(store.schema_version(), Store::LatestSchemaVersion());
  EXPECT_TRUE(store.Ready());
}

TEST_F(StoreTest, MigratesFromEveryOlderVersion) {
  // Version 0 is no file at all: CreatesANewDatabaseAtTheLatestVersion.
  for (int from = 1; from < LatestSchemaVersion(); ++from) {
    const std::string path = dir_.File("v" + std::to_string(from) + ".db");
    {
      SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
      MigrateSchema(db, from);
      EXPECT_EQ(CurrentSchemaVersion(db), from);
    }
    StoreOptions options = Options();
    options.path = path;
    Store store(options, clock_);
    EXPECT_EQ(store.schema_version(), LatestSchemaVersion()) << "from version " << from;
  }
}

TEST_F(StoreTest, NewFilesUseSmallPagesAndOldFilesKeepTheirs) {
  { Store store(Options(), clock_); }
  SQLite::Database fresh(dir_.File("data/heartbeat.db"), SQLite::OPEN_READONLY);
  EXPECT_EQ(fresh.execAndGet("PRAGMA page_size").getInt(), 1024);

  const std::string path = dir_.File("old.db");
  {
    SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec("PRAGMA page_size = 4096; CREATE TABLE placeholder (x); DROP TABLE placeholder;");
  }
  StoreOptions options = Options();
  options.path = path;
  Store store(options, clock_);
  ASSERT_EQ(store.CreateApplication(Spec("a"), HashToken("token-a-123"), false).status,
            WriteStatus::kOk);
  SQLite::Database old(path, SQLite::OPEN_READONLY);
  EXPECT_EQ(old.execAndGet("PRAGMA page_size").getInt(), 4096);
}

TEST_F(StoreTest, RefusesADatabaseFromANewerBinary) {
  const std::string path = dir_.File("future.db");
  {
    SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec("PRAGMA user_version = 999");
  }
  StoreOptions options = Options();
  options.path = path;
  try {
    Store store(options, clock_);
    FAIL() << "opened a database of schema 999";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("newer than this binary"), std::string::npos);
  }
}

TEST_F(StoreTest, RestartKeepsEveryRecordAndCounter) {
  const TokenHash token = HashToken("secret-token-1");
  {
    Store store(Options(), clock_);
    const StateIndex& index = store.index();
    ASSERT_EQ(store.CreateApplication(Spec("backup"), token, false).status, WriteStatus::kOk);
    const long long id = index.FindByName("backup")->id;
    Signal failed;
    failed.kind = SignalKind::kFail;
    failed.exit_status = 3;
    ASSERT_EQ(store.RecordSignal(id, failed).status, WriteStatus::kOk);
    Signal start;
    start.kind = SignalKind::kStart;
    start.rid = "run-1";
    ASSERT_EQ(store.RecordSignal(id, start).status, WriteStatus::kOk);
    clock_.Advance(std::chrono::seconds(42));
    Signal done = Ok();
    done.rid = "run-1";
    EXPECT_DOUBLE_EQ(*store.RecordSignal(id, done).duration_seconds, 42.0);
    Signal pending;
    pending.kind = SignalKind::kStart;
    pending.rid = "run-2";
    ASSERT_EQ(store.RecordSignal(id, pending).status, WriteStatus::kOk);
    ASSERT_EQ(store.SetPaused("backup", true).status, WriteStatus::kOk);
  }
  Store store(Options(), clock_);
  const StateIndex& index = store.index();
  const ApplicationRecord app = index.FindByName("backup");
  ASSERT_TRUE(app);
  EXPECT_EQ(app->spec.team, "ops");
  EXPECT_EQ(app->spec.interval, std::chrono::hours(1));
  EXPECT_EQ(app->signals_total, 2);
  EXPECT_EQ(app->failures_total, 1);
  EXPECT_TRUE(app->paused);
  ASSERT_TRUE(app->last_duration_seconds.has_value());
  EXPECT_DOUBLE_EQ(*app->last_duration_seconds, 42.0);
  EXPECT_EQ(*app->last_success, Utc("2026-06-01 12:00:42"));
  ASSERT_EQ(app->open_runs.size(), 1u);
  EXPECT_EQ(app->open_runs[0].rid, "run-2");
  EXPECT_EQ(index.FindByToken(token), app);
  EXPECT_EQ(store.History(app->id, 10).size(), 4u);
}

TEST_F(StoreTest, TokensAreNotStoredInClear) {
  const std::string token = "statuscope-imported-token-0123456789";
  {
    Store store(Options(), clock_);
    ASSERT_EQ(store.CreateApplication(Spec("backup"), HashToken(token), false).status,
              WriteStatus::kOk);
  }
  std::string bytes;
  for (const char* suffix : {"", "-wal"}) {
    std::ifstream file(dir_.File(std::string("data/heartbeat.db") + suffix), std::ios::binary);
    std::stringstream content;
    content << file.rdbuf();
    bytes += content.str();
  }
  ASSERT_FALSE(bytes.empty());
  EXPECT_EQ(bytes.find(token), std::string::npos);
  const TokenHash hash = HashToken(token);
  EXPECT_NE(bytes.find(std::string(hash.begin(), hash.end())), std::string::npos)
      << "the SHA-256 is what is stored";
}

TEST_F(StoreTest, DuplicatesAreConflicts) {
  Store store(Options(), clock_);
  const StateIndex& index = store.index();
  ASSERT_EQ(store.CreateApplication(Spec("a"), HashToken("token-a-123"), false).status,
            WriteStatus::kOk);
  EXPECT_EQ(store.CreateApplication(Spec("a"), HashToken("token-b-123"), false).status,
            WriteStatus::kConflict);
  EXPECT_EQ(store.CreateApplication(Spec("b"), HashToken("token-a-123"), false).status,
            WriteStatus::kConflict);
  EXPECT_EQ(index.size(), 1u);
}

TEST_F(StoreTest, ConcurrentWritersShareCommitsAndLoseNothing) {
  std::vector<std::size_t> batches;
  std::mutex batches_mutex;
  StoreOptions options = Options(1000);
  options.on_commit = [&](double, std::size_t size) {
    std::lock_guard lock(batches_mutex);
    batches.push_back(size);
  };
  Store store(options, clock_);
  const StateIndex& index = store.index();
  constexpr int kApplications = 8;
  constexpr int kThreadsPerApplication = 4;
  constexpr int kSignalsPerThread = 50;
  for (int a = 0; a < kApplications; ++a) {
    ASSERT_EQ(store
                  .CreateApplication(Spec("app-" + std::to_string(a)),
                                     HashToken("token-" + std::to_string(a)), false)
                  .status,
              WriteStatus::kOk);
  }
  std::vector<std::thread> writers;
  for (int a = 0; a < kApplications; ++a) {
    const long long id = index.FindByName("app-" + std::to_string(a))->id;
    for (int t = 0; t < kThreadsPerApplication; ++t) {
      writers.emplace_back([&, id, t] {
        for (int i = 0; i < kSignalsPerThread; ++i) {
          Signal signal;
          signal.kind = (i + t) % 5 == 0 ? SignalKind::kFail : SignalKind::kOk;
          EXPECT_EQ(store.RecordSignal(id, signal).status, WriteStatus::kOk);
        }
      });
    }
  }
  for (auto& writer : writers) writer.join();
  long long failures_expected = 0;
  for (int t = 0; t < kThreadsPerApplication; ++t) {
    for (int i = 0; i < kSignalsPerThread; ++i) failures_expected += (i + t) % 5 == 0;
  }
  for (int a = 0; a < kApplications; ++a) {
    const ApplicationRecord app = index.FindByName("app-" + std::to_string(a));
    EXPECT_EQ(app->signals_total, kThreadsPerApplication * kSignalsPerThread);
    EXPECT_EQ(app->failures_total, failures_expected);
    EXPECT_EQ(store.History(app->id, 10000).size(),
              static_cast<std::size_t>(kThreadsPerApplication * kSignalsPerThread));
  }
  std::size_t committed = 0;
  for (std::size_t size : batches) committed += size;
  EXPECT_EQ(committed, static_cast<std::size_t>(kApplications *
                                                (1 + kThreadsPerApplication * kSignalsPerThread)));
  // What the counters say must also be what a restart reads back from disk.
  Store reopened(options, clock_);
  const StateIndex& reloaded = reopened.index();
  EXPECT_EQ(reloaded.FindByName("app-3")->signals_total,
            kThreadsPerApplication * kSignalsPerThread);
}

TEST_F(StoreTest, RetentionKeepsTheNewestRowsPerApplication) {
  Store store(Options(5), clock_);
  const StateIndex& index = store.index();
  ASSERT_EQ(store.CreateApplication(Spec("a"), HashToken("token-a-123"), false).status,
            WriteStatus::kOk);
  ASSERT_EQ(store.CreateApplication(Spec("b"), HashToken("token-b-123"), false).status,
            WriteStatus::kOk);
  const long long a = index.FindByName("a")->id;
  const long long b = index.FindByName("b")->id;
  for (int i = 0; i < 12; ++i) {
    Signal signal = Ok();
    signal.body = "run " + std::to_string(i);
    store.RecordSignal(a, signal);
  }
  store.RecordSignal(b, Ok());
  const auto history = store.History(a, 100);
  ASSERT_EQ(history.size(), 5u);
  EXPECT_EQ(*store.SignalBody(a, history.front().id), "run 11");
  EXPECT_EQ(*store.SignalBody(a, history.back().id), "run 7");
  EXPECT_EQ(store.History(b, 100).size(), 1u);
  EXPECT_EQ(index.FindByName("a")->signals_total, 12) << "counters are not pruned";
  EXPECT_FALSE(store.SignalBody(b, history.front().id).has_value())
      << "a body is only served for its own application";
}

TEST_F(StoreTest, RetentionDeletesInStepsButNeverShowsMore) {
  Store store(Options(8), clock_);  // slack: 8 / 4 = 2 rows
  const StateIndex& index = store.index();
  ASSERT_EQ(store.CreateApplication(Spec("a"), HashToken("token-a-123"), false).status,
            WriteStatus::kOk);
  const long long id = index.FindByName("a")->id;
  SQLite::Database file(dir_.File("data/heartbeat.db"), SQLite::OPEN_READONLY);
  for (int i = 0; i < 50; ++i) {
    store.RecordSignal(id, Ok());
    const int on_disk = file.execAndGet("SELECT count(*) FROM signals").getInt();
    EXPECT_LE(on_disk, 10) << "after signal " << i;
    EXPECT_EQ(store.History(id, 1000).size(), static_cast<std::size_t>(std::min(i + 1, 8)));
  }
}

TEST_F(StoreTest, RetentionAppliesToHistoryFromBeforeARestart) {
  {
    Store store(Options(100), clock_);
    const StateIndex& index = store.index();
    ASSERT_EQ(store.CreateApplication(Spec("a"), HashToken("token-a-123"), false).status,
              WriteStatus::kOk);
    for (int i = 0; i < 30; ++i) store.RecordSignal(index.FindByName("a")->id, Ok());
  }
  Store store(Options(10), clock_);  // retention lowered across the restart
  const StateIndex& index = store.index();
  store.RecordSignal(index.FindByName("a")->id, Ok());
  SQLite::Database file(dir_.File("data/heartbeat.db"), SQLite::OPEN_READONLY);
  EXPECT_EQ(file.execAndGet("SELECT count(*) FROM signals").getInt(), 10);
}

TEST_F(StoreTest, DeleteRemovesTheApplicationAndItsHistory) {
  Store store(Options(), clock_);
  const StateIndex& index = store.index();
  ASSERT_EQ(store.CreateApplication(Spec("a"), HashToken("token-a-123"), false).status,
            WriteStatus::kOk);
  const long long id = index.FindByName("a")->id;
  store.RecordSignal(id, Ok());
  ASSERT_EQ(store.DeleteApplication("a").status, WriteStatus::kOk);
  EXPECT_FALSE(index.FindByName("a"));
  EXPECT_FALSE(index.FindByToken(HashToken("token-a-123")));
  EXPECT_TRUE(store.History(id, 10).empty());
  EXPECT_EQ(store.RecordSignal(id, Ok()).status, WriteStatus::kNotFound);
  EXPECT_EQ(store.DeleteApplication("a").status, WriteStatus::kNotFound);
}

TEST_F(StoreTest, TokenRotationReplacesTheOldToken) {
  Store store(Options(), clock_);
  const StateIndex& index = store.index();
  ASSERT_EQ(store.CreateApplication(Spec("a"), HashToken("old-token-123"), false).status,
            WriteStatus::kOk);
  ASSERT_EQ(store.ReplaceToken("a", HashToken("new-token-123")).status, WriteStatus::kOk);
  EXPECT_FALSE(index.FindByToken(HashToken("old-token-123")));
  EXPECT_EQ(index.FindByToken(HashToken("new-token-123"))->spec.name, "a");
}

TEST_F(StoreTest, UnusableDirectoryIsAClearError) {
  StoreOptions options = Options();
  options.path = "/proc/heartbeat/nope.db";
  EXPECT_THROW(Store(options, clock_), std::runtime_error);
}

}  // namespace
}  // namespace heartbeat
