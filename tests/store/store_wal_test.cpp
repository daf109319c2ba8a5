// The WAL stays bounded under sustained writes with readers about, and is
// truncated when the writer goes idle.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

#include "store/store_fixture.h"

namespace heartbeat {
namespace {

using testing::StoreTest;

constexpr long long kMiB = 1024 * 1024;

TEST_F(StoreTest, TwentyThousandSignalsLeaveAWalOfAFewMegabytes) {
  Store store(Options(), clock_);
  std::vector<long long> ids;
  for (int a = 0; a < 50; ++a) ids.push_back(Create(store, "app-" + std::to_string(a)));

  constexpr int kWriters = 8;
  constexpr int kSignalsPerWriter = 2500;  // 20k in all, as many as issue 10's 12 s of pings
  std::atomic<bool> writing{true};
  std::atomic<long long> largest_wal{0};
  // Readers as the HTTP side has them: history reads with short snapshots.
  std::thread reader([&] {
    while (writing) {
      store.History(ids[0], 10);
      const long long wal = store.Stats().wal_bytes;
      long long seen = largest_wal.load();
      while (wal > seen && !largest_wal.compare_exchange_weak(seen, wal)) {
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  });
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      for (int i = 0; i < kSignalsPerWriter; ++i) {
        const long long id = ids[static_cast<std::size_t>(w * kSignalsPerWriter + i) % ids.size()];
        ASSERT_EQ(store.RecordSignal(id, Ok()).status, WriteStatus::kOk);
      }
    });
  }
  for (auto& writer : writers) writer.join();
  writing = false;
  reader.join();
  // Without checkpoints that complete this is ~26 MB (1.3 KB per signal); an
  // automatic checkpoint runs every 1000 pages (1 MiB at 1 KiB pages).
  EXPECT_LT(largest_wal.load(), 4 * kMiB);
  EXPECT_LT(store.Stats().wal_bytes, 4 * kMiB);
  EXPECT_GT(store.Stats().database_bytes, 0);
}

TEST_F(StoreTest, AnIdleWriterTruncatesTheWal) {
  Store store(Options(), clock_);
  const long long id = Create(store, "backup");
  for (int i = 0; i < 300; ++i) store.RecordSignal(id, Ok());
  ASSERT_GT(store.Stats().wal_bytes, 0);
  // The writer truncates after a second of quiet; give it up to 30 on a busy machine.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (store.Stats().wal_bytes > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(store.Stats().wal_bytes, 0);
  EXPECT_EQ(store.History(id, 1000).size(), 100u) << "nothing is lost by the truncation";
}

TEST_F(StoreTest, StatsListEveryFailureReasonFromTheStart) {
  Store store(Options(), clock_);
  const StoreStats stats = store.Stats();
  std::vector<std::string> reasons;
  for (const auto& [reason, count] : stats.commit_failures) {
    reasons.push_back(reason);
    EXPECT_EQ(count, 0);
  }
  EXPECT_EQ(reasons, (std::vector<std::string>{"disk_full", "locked", "corrupt", "io_error",
                                               "read_only", "other"}));
}

}  // namespace
}  // namespace heartbeat
