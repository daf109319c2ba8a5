// Online backup under load: the copy restores every signal acknowledged
// before the backup started, while ingest goes on.
#include <SQLiteCpp/Database.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <thread>

#include "store/store_fixture.h"

namespace heartbeat {
namespace {

using testing::StoreTest;

TEST_F(StoreTest, ABackupUnderLoadRestoresEverySignalAcknowledgedBeforeIt) {
  StoreOptions options = Options(1000000);  // no retention in the way of the count
  Store store(options, clock_);
  std::vector<long long> ids;
  for (int a = 0; a < 20; ++a) ids.push_back(Create(store, "app-" + std::to_string(a)));

  std::mutex acknowledged_mutex;
  std::set<std::string> acknowledged;
  std::atomic<bool> writing{true};
  std::atomic<int> written{0};
  std::vector<std::thread> writers;
  for (int w = 0; w < 4; ++w) {
    writers.emplace_back([&, w] {
      for (int i = 0; writing; ++i) {
        const std::string body = "writer-" + std::to_string(w) + "-signal-" + std::to_string(i);
        const long long id = ids[static_cast<std::size_t>(i) % ids.size()];
        if (store.RecordSignal(id, Ok(body)).status != WriteStatus::kOk) continue;
        std::lock_guard lock(acknowledged_mutex);
        acknowledged.insert(body);
        ++written;
      }
    });
  }
  while (written < 2000) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  std::set<std::string> before_backup;
  {
    std::lock_guard lock(acknowledged_mutex);
    before_backup = acknowledged;
  }
  const std::string copy = dir_.File("backup.db");
  const BackupResult backup = store.Backup(copy);
  const int during = written;
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  writing = false;
  for (auto& writer : writers) writer.join();
  EXPECT_GT(written.load(), during) << "ingest went on around the backup";
  EXPECT_GT(backup.bytes, 0);

  struct stat info {};
  ASSERT_EQ(::stat(copy.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);

  // Restore as docs/storage.md says: the copy becomes the database of a store.
  StoreOptions restored_options = options;
  restored_options.path = dir_.File("restored/heartbeat.db");
  std::filesystem::create_directories(dir_.File("restored"));
  std::filesystem::copy_file(copy, restored_options.path);
  std::set<std::string> restored_bodies;
  {
    Store restored(restored_options, clock_);
    EXPECT_EQ(restored.index().size(), ids.size());
    for (long long id : ids) {
      for (const SignalRow& row : restored.History(id, 1000000)) {
        restored_bodies.insert(*restored.SignalBody(id, row.id));
      }
    }
  }
  std::size_t missing = 0;
  for (const std::string& body : before_backup) missing += restored_bodies.count(body) == 0;
  EXPECT_EQ(missing, 0u) << "of " << before_backup.size() << " acknowledged before the backup";
}

TEST_F(StoreTest, ABackupNeverOverwritesAFile) {
  Store store(Options(), clock_);
  const std::string copy = dir_.File("backup.db");
  std::ofstream(copy) << "precious";
  EXPECT_THROW(store.Backup(copy), std::runtime_error);
  std::ifstream kept(copy);
  std::string content;
  kept >> content;
  EXPECT_EQ(content, "precious");
}

}  // namespace
}  // namespace heartbeat
