// A full disk on a real 8 MiB tmpfs: commits fail with a reason, nothing
// acknowledged is lost, and the store heals by itself once space is free.
#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <set>
#include <thread>
#include <vector>

#include "store/store_fixture.h"

namespace heartbeat {
namespace {

using ::testing::HasSubstr;
using testing::StoreTest;

// An 8 MiB tmpfs over a directory, unmounted when done. Needs root (CI has it).
class SmallDisk {
 public:
  explicit SmallDisk(const std::string& directory) : directory_(directory) {
    std::filesystem::create_directories(directory_);
    if (::mount("tmpfs", directory_.c_str(), "tmpfs", 0, "size=8m") != 0) {
      error_ = std::strerror(errno);
    }
  }
  ~SmallDisk() {
    if (error_.empty()) ::umount2(directory_.c_str(), MNT_DETACH);
  }
  const std::string& error() const { return error_; }

  // Writes a file until the file system refuses another byte.
  void Fill(const std::string& path) const {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ASSERT_GE(fd, 0);
    const std::string block(64 * 1024, 'f');
    for (std::size_t size = block.size(); size > 0; size /= 2) {
      while (::write(fd, block.data(), size) == static_cast<ssize_t>(size)) {
      }
    }
    ::close(fd);
  }

 private:
  std::string directory_;
  std::string error_;
};

std::size_t FailuresFor(const Store& store, const std::string& reason) {
  for (const auto& [name, count] : store.Stats().commit_failures) {
    if (name == reason) return static_cast<std::size_t>(count);
  }
  return 0;
}

TEST_F(StoreTest, AFullDiskFailsCommitsAndHealsWhenSpaceReturns) {
  const SmallDisk disk(dir_.File("small"));
  if (!disk.error().empty()) {
    GTEST_SKIP() << "cannot mount a tmpfs here (" << disk.error()
                 << "); this test needs root, as in CI";
  }
  StoreOptions options = Options(1000000);
  options.path = dir_.File("small/heartbeat.db");
  std::set<std::string> acknowledged;
  {
    Store store(options, clock_);
    const long long id = Create(store, "backup");
    const std::string filler = dir_.File("small/filler");
    disk.Fill(filler);

    int refused = 0;
    for (int i = 0; i < 2000 && refused < 20; ++i) {
      const std::string body = "signal-" + std::to_string(i) + std::string(2000, '.');
      const WriteResult result = store.RecordSignal(id, Ok(body));
      if (result.status == WriteStatus::kOk) {
        acknowledged.insert(body);
      } else {
        EXPECT_EQ(result.status, WriteStatus::kFailed);
        ++refused;
      }
    }
    ASSERT_EQ(refused, 20) << "the disk never filled up";
    EXPECT_FALSE(store.Ready());
    EXPECT_THAT(store.NotReadyReason(), HasSubstr("disk_full"));
    EXPECT_GE(FailuresFor(store, "disk_full"), 20u);

    std::filesystem::remove(filler);
    // Ready again without a single write: the writer probes while idle.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (!store.Ready() && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    EXPECT_TRUE(store.Ready()) << store.NotReadyReason();
    for (int i = 0; i < 100; ++i) {
      const std::string body = "after-" + std::to_string(i);
      ASSERT_EQ(store.RecordSignal(id, Ok(body)).status, WriteStatus::kOk) << "signal " << i;
      acknowledged.insert(body);
    }
  }
  Store reopened(options, clock_);
  const long long id = reopened.index().FindByName("backup")->id;
  std::set<std::string> stored;
  for (const SignalRow& row : reopened.History(id, 1000000)) {
    stored.insert(*reopened.SignalBody(id, row.id));
  }
  std::size_t lost = 0;
  for (const std::string& body : acknowledged) lost += stored.count(body) == 0;
  EXPECT_EQ(lost, 0u) << "of " << acknowledged.size() << " acknowledged";
  EXPECT_EQ(stored.size(), acknowledged.size()) << "and nothing refused was stored";
}

// The same with concurrent writers, so that batches with a leader and
// followers fail together: every write a thread was told is stored is on disk
// after a restart, and none it was refused is.
TEST_F(StoreTest, ConcurrentWritersOnAFullDiskLoseNothingAcknowledged) {
  const SmallDisk disk(dir_.File("small"));
  if (!disk.error().empty()) {
    GTEST_SKIP() << "cannot mount a tmpfs here (" << disk.error()
                 << "); this test needs root, as in CI";
  }
  StoreOptions options = Options(1000000);
  options.path = dir_.File("small/heartbeat.db");
  constexpr int kWriters = 4;
  std::vector<std::set<std::string>> acknowledged(kWriters);
  std::vector<std::set<std::string>> refused(kWriters);
  {
    Store store(options, clock_);
    const long long id = Create(store, "backup");
    disk.Fill(dir_.File("small/filler"));
    std::vector<std::thread> writers;
    for (int w = 0; w < kWriters; ++w) {
      writers.emplace_back([&, w] {
        for (int i = 0; i < 2000 && refused[w].size() < 10; ++i) {
          const std::string body =
              "w" + std::to_string(w) + "-" + std::to_string(i) + std::string(2000, '.');
          const WriteResult result = store.RecordSignal(id, Ok(body));
          (result.status == WriteStatus::kOk ? acknowledged[w] : refused[w]).insert(body);
        }
      });
    }
    for (std::thread& writer : writers) writer.join();
    for (int w = 0; w < kWriters; ++w) ASSERT_EQ(refused[w].size(), 10u) << "writer " << w;
  }
  std::filesystem::remove(dir_.File("small/filler"));
  Store reopened(options, clock_);
  const long long id = reopened.index().FindByName("backup")->id;
  std::set<std::string> stored;
  for (const SignalRow& row : reopened.History(id, 1000000)) {
    stored.insert(*reopened.SignalBody(id, row.id));
  }
  for (int w = 0; w < kWriters; ++w) {
    for (const std::string& body : acknowledged[w]) EXPECT_EQ(stored.count(body), 1u) << "lost";
    for (const std::string& body : refused[w])
      EXPECT_EQ(stored.count(body), 0u) << "refused, stored";
  }
}

}  // namespace
}  // namespace heartbeat
