// What the store refuses to write to, and what it creates.
#include <SQLiteCpp/Database.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "store/store_fixture.h"
#include "store/store_schema.h"

namespace heartbeat {
namespace {

using ::testing::HasSubstr;
using testing::StoreTest;

std::string OpenError(const StoreOptions& options, const TimeSource& clock) {
  try {
    Store store(options, clock);
  } catch (const std::runtime_error& error) {
    return error.what();
  }
  return "";
}

unsigned Mode(const std::string& path) {
  struct stat info {};
  EXPECT_EQ(::stat(path.c_str(), &info), 0) << path;
  return info.st_mode & 0777;
}

class StoreFileTest : public StoreTest {
 protected:
  void Write(const std::string& path, const std::string& bytes) {
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    std::ofstream(path, std::ios::binary) << bytes;
  }
};

TEST_F(StoreFileTest, AZeroLengthFileIsRefusedNotStartedAfresh) {
  const StoreOptions options = Options();
  Write(options.path, "");
  const std::string error = OpenError(options, clock_);
  EXPECT_THAT(error, HasSubstr("is empty (0 bytes)"));
  EXPECT_THAT(error, HasSubstr("docs/storage.md"));
  EXPECT_EQ(std::filesystem::file_size(options.path), 0u) << "the file is left as it was";
}

TEST_F(StoreFileTest, AFileThatIsNotSqliteIsRefused) {
  const StoreOptions options = Options();
  Write(options.path, "applications:\n  - name: backup\n");
  EXPECT_THAT(OpenError(options, clock_), HasSubstr("not an SQLite database"));
}

TEST_F(StoreFileTest, AnotherProgramsDatabaseIsRefused) {
  const StoreOptions options = Options();
  std::filesystem::create_directories(std::filesystem::path(options.path).parent_path());
  {
    SQLite::Database other(options.path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    other.exec("CREATE TABLE photos (id INTEGER PRIMARY KEY, path TEXT)");
  }
  EXPECT_THAT(OpenError(options, clock_), HasSubstr("another program"));
  SQLite::Database other(options.path, SQLite::OPEN_READONLY);
  EXPECT_FALSE(other.tableExists("applications")) << "nothing was migrated into it";
}

TEST_F(StoreFileTest, ADamagedDatabaseIsRefusedWithASentence) {
  const StoreOptions options = Options();
  {
    Store store(options, clock_);
    const long long id = Create(store, "backup");
    for (int i = 0; i < 200; ++i) store.RecordSignal(id, Ok(std::string(300, 'x')));
  }
  {
    // Overwrite the b-tree header of the last page (history rows or their index).
    SQLite::Database db(options.path, SQLite::OPEN_READONLY);
    const int page_size = db.execAndGet("PRAGMA page_size").getInt();
    const int pages = db.execAndGet("PRAGMA page_count").getInt();
    std::fstream file(options.path, std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(static_cast<std::streamoff>(pages - 1) * page_size);
    const std::string garbage(64, '\x7f');
    file.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
  }
  const std::string error = OpenError(options, clock_);
  EXPECT_THAT(error, HasSubstr("is damaged (PRAGMA quick_check:"));
  EXPECT_THAT(error, HasSubstr("Restore the latest backup"));
}

TEST_F(StoreFileTest, AMissingDatabaseBesideItsWalIsRefused) {
  const StoreOptions options = Options();
  Write(options.path + "-wal", std::string(4096, '\0'));
  EXPECT_THAT(OpenError(options, clock_), HasSubstr("the file is missing but its write-ahead log"));
  EXPECT_FALSE(std::filesystem::exists(options.path));
}

TEST_F(StoreFileTest, NewDatabasesAndTheirWalAreOnlyForTheOwner) {
  const StoreOptions options = Options();
  Store store(options, clock_);
  Create(store, "backup");  // the WAL exists once something was written
  EXPECT_EQ(Mode(options.path), 0600u);
  EXPECT_EQ(Mode(options.path + "-wal"), 0600u);
  EXPECT_EQ(Mode(options.path + "-shm"), 0600u);
  EXPECT_FALSE(std::filesystem::exists(options.path + ".creating"));
}

TEST_F(StoreFileTest, AnExistingDatabaseKeepsItsMode) {
  const StoreOptions options = Options();
  { Store store(options, clock_); }
  ::chmod(options.path.c_str(), 0640);
  Store store(options, clock_);
  EXPECT_EQ(Mode(options.path), 0640u) << "an operator's choice is logged about, not changed";
}

TEST_F(StoreFileTest, MigrationThreeKeepsWhatTheTimestampsSaid) {
  const std::string path = dir_.File("v2.db");
  {
    SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    MigrateSchema(db, 2);
    const char* insert =
        "INSERT INTO applications (name, token_hash, created_at_ms, last_success_ms, "
        "last_failure_ms, last_completion_failed) VALUES (?, ?, 0, ?, ?, ?)";
    struct Row {
      const char* name;
      std::optional<long long> success, failure;
      int tie_flag;
    };
    for (const Row& row :
         {Row{"failed-last", 1000, 2000, 0}, Row{"ok-last", 2000, 1000, 0},
          Row{"only-failed", std::nullopt, 5, 0}, Row{"never", std::nullopt, std::nullopt, 0},
          Row{"tie-failed", 3000, 3000, 1}, Row{"tie-ok", 3000, 3000, 0}}) {
      SQLite::Statement statement(db, insert);
      statement.bind(1, row.name);
      statement.bind(2, std::string(32, row.name[0]) + row.name);
      row.success ? statement.bind(3, static_cast<int64_t>(*row.success)) : statement.bind(3);
      row.failure ? statement.bind(4, static_cast<int64_t>(*row.failure)) : statement.bind(4);
      statement.bind(5, row.tie_flag);
      statement.exec();
    }
  }
  StoreOptions options = Options();
  options.path = path;
  Store store(options, clock_);
  const StateIndex& index = store.index();
  EXPECT_TRUE(index.FindByName("failed-last")->last_completion_failed());
  EXPECT_FALSE(index.FindByName("ok-last")->last_completion_failed());
  EXPECT_TRUE(index.FindByName("only-failed")->last_completion_failed());
  EXPECT_FALSE(index.FindByName("never")->last_completion_failed());
  EXPECT_TRUE(index.FindByName("tie-failed")->last_completion_failed());
  EXPECT_FALSE(index.FindByName("tie-ok")->last_completion_failed());
}

}  // namespace
}  // namespace heartbeat
