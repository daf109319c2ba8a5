// The store seen through HTTP: /-/ready says why it is not ready, the store's
// metrics, and POST /api/v1/backup.
#include <SQLiteCpp/Database.h>
#include <gmock/gmock.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <regex>
#include <thread>

#include "common/server_fixture.h"

namespace heartbeat::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

class StoreOperationsApiTest : public ServerTest {
 protected:
  std::string DatabasePath() const { return dir_.File("data/heartbeat.db"); }

  void Sql(const std::string& sql) {
    SQLite::Database db(DatabasePath(), SQLite::OPEN_READWRITE);
    db.exec(sql);
  }

  int Ping(const std::string& token) {
    auto res = client_->Get(("/ping/" + token).c_str());
    return res ? res->status : 0;
  }
};

TEST_F(StoreOperationsApiTest, ReadySaysWhyCommitsFailAndRecoversWithoutTraffic) {
  const std::string token = CreateApp({{"name", "backup"}, {"interval", "1h"}});
  Sql("CREATE TRIGGER refuse_signals BEFORE INSERT ON signals "
      "BEGIN SELECT RAISE(ABORT, 'injected failure'); END");
  EXPECT_EQ(Ping(token), 503);
  auto ready = client_->Get("/-/ready");
  ASSERT_TRUE(ready);
  EXPECT_EQ(ready->status, 503);
  EXPECT_THAT(ready->body, StartsWith("Not ready: the last commit failed (other): "));
  EXPECT_THAT(ready->body, HasSubstr("injected failure"));
  EXPECT_THAT(Metrics(),
              HasSubstr("heartbeat_exporter_store_commit_failures_total{reason=\"other\"} 1\n"));
  EXPECT_THAT(
      Metrics(),
      HasSubstr("heartbeat_exporter_store_commit_failures_total{reason=\"disk_full\"} 0\n"));

  Sql("DROP TRIGGER refuse_signals");
  // No signal comes in; the writer's idle probe finds commits work again.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (client_->Get("/-/ready")->status != 200 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(client_->Get("/-/ready")->status, 200);
  EXPECT_EQ(Ping(token), 200);
}

TEST_F(StoreOperationsApiTest, MetricsShowTheDatabaseAndWalSizes) {
  const std::string token = CreateApp({{"name", "backup"}, {"interval", "1h"}});
  ASSERT_EQ(Ping(token), 200);
  const std::string text = Metrics();
  std::smatch size;
  ASSERT_TRUE(std::regex_search(
      text, size, std::regex("\nheartbeat_exporter_store_database_bytes ([0-9.e+]+)\n")));
  EXPECT_GT(std::stod(size[1]), 0);
  EXPECT_THAT(text, HasSubstr("\n# TYPE heartbeat_exporter_store_wal_bytes gauge\n"));
}

TEST_F(StoreOperationsApiTest, BackupIsAnSqliteCopyForTheAdminOnly) {
  const std::string token = CreateApp({{"name", "backup"}, {"interval", "1h"}});
  ASSERT_EQ(Ping(token), 200);
  EXPECT_EQ(client_->Post("/api/v1/backup", "", "")->status, 401);

  auto res = client_->Post("/api/v1/backup", Admin(), "", "");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/vnd.sqlite3");
  EXPECT_THAT(res->body, StartsWith(std::string("SQLite format 3", 16)));
  const std::string copy = dir_.File("copy.db");
  std::ofstream(copy, std::ios::binary) << res->body;
  SQLite::Database db(copy, SQLite::OPEN_READONLY);
  EXPECT_EQ(db.execAndGet("SELECT count(*) FROM signals").getInt(), 1);
  EXPECT_EQ(db.execAndGet("SELECT name FROM applications").getString(), "backup");
  for (const auto& entry : std::filesystem::directory_iterator(dir_.File("data"))) {
    EXPECT_THAT(entry.path().filename().string(), ::testing::Not(StartsWith(".heartbeat-backup")))
        << "the server's temporary copy is removed once sent";
  }
}

}  // namespace
}  // namespace heartbeat::testing
