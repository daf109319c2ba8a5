// Leader/follower group commit on its own, with a commit function that
// records what it was given: who commits, what shares a batch, that a write is
// answered only after its batch's commit returned, and the idle work.
#include "store/group_commit.h"

#include <SQLiteCpp/Database.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace heartbeat {
namespace {

using std::chrono::milliseconds;

// Polls until `condition` holds, at most 10 s: no test hangs, and none
// depends on how fast a busy machine schedules the threads.
template <typename Condition>
bool Eventually(Condition condition) {
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!condition()) {
    if (std::chrono::steady_clock::now() > give_up) return false;
    std::this_thread::sleep_for(milliseconds(1));
  }
  return true;
}

// A write that answers with its own number in `message`.
WriteOp Numbered(int number) {
  return [number](WriteContext&) {
    WriteResult result;
    result.message = std::to_string(number);
    return result;
  };
}

// Runs each batch's writes (on an empty in-memory database), remembers the
// batch and the thread, and can hold a batch until told.
class RecordingCommit {
 public:
  void Commit(GroupCommit::Batch& batch) {
    {
      std::unique_lock lock(mutex_);
      std::vector<bool> alone;
      for (PendingWrite* write : batch) alone.push_back(write->alone);
      batches_.push_back(alone);
      threads_.push_back(std::this_thread::get_id());
      in_commit_ = true;
      released_.wait(lock, [this] { return !hold_; });
    }
    WriteContext context(db_, statements_, index_, TimePoint{});
    for (PendingWrite* write : batch) {
      write->result = write->op(context);
      write->result.message += " committed";  // what an answer must carry: the commit happened
    }
    std::lock_guard lock(mutex_);
    in_commit_ = false;
  }
  void Hold() {
    std::lock_guard lock(mutex_);
    hold_ = true;
  }
  void Release() {
    {
      std::lock_guard lock(mutex_);
      hold_ = false;
    }
    released_.notify_all();
  }
  std::size_t Commits() {
    std::lock_guard lock(mutex_);
    return batches_.size();
  }
  std::vector<std::vector<bool>> Batches() {
    std::lock_guard lock(mutex_);
    return batches_;
  }
  std::vector<std::thread::id> Threads() {
    std::lock_guard lock(mutex_);
    return threads_;
  }
  bool InCommit() {
    std::lock_guard lock(mutex_);
    return in_commit_;
  }

 private:
  SQLite::Database db_{":memory:", SQLite::OPEN_READWRITE};
  StatementCache statements_{db_};
  StateIndex index_;
  std::mutex mutex_;
  std::condition_variable released_;
  bool hold_ = false;
  bool in_commit_ = false;
  std::vector<std::vector<bool>> batches_;
  std::vector<std::thread::id> threads_;
};

GroupCommit::CommitFunction To(RecordingCommit& recorder) {
  return [&recorder](GroupCommit::Batch& batch) { recorder.Commit(batch); };
}

constexpr milliseconds kNoIdleWork{3600 * 1000};

TEST(GroupCommitTest, ALoneWriteIsCommittedOnItsOwnThreadBeforeItIsAnswered) {
  RecordingCommit recorder;
  GroupCommit group(To(recorder), nullptr, kNoIdleWork);
  const WriteResult result = group.Submit(Numbered(7), false);
  EXPECT_EQ(result.message, "7 committed");
  ASSERT_EQ(recorder.Threads().size(), 1u);
  EXPECT_EQ(recorder.Threads()[0], std::this_thread::get_id()) << "no hand-off to another thread";
}

// Writes that arrive while a batch commits wait, then one of them commits all
// of them together on its own thread.
TEST(GroupCommitTest, WritesArrivingDuringACommitShareTheNextBatch) {
  RecordingCommit recorder;
  GroupCommit group(To(recorder), nullptr, kNoIdleWork);
  recorder.Hold();
  std::thread first([&] { EXPECT_EQ(group.Submit(Numbered(0), false).message, "0 committed"); });
  ASSERT_TRUE(Eventually([&] { return recorder.InCommit(); }));
  constexpr int kFollowers = 5;
  std::vector<std::thread> followers;
  std::vector<std::thread::id> follower_ids(kFollowers);
  for (int i = 1; i <= kFollowers; ++i) {
    followers.emplace_back([&, i] {
      follower_ids[i - 1] = std::this_thread::get_id();
      EXPECT_EQ(group.Submit(Numbered(i), false).message, std::to_string(i) + " committed");
    });
  }
  ASSERT_TRUE(Eventually([&] { return group.Queued() == kFollowers; }));
  EXPECT_EQ(recorder.Commits(), 1u) << "nobody commits while the leader does";
  recorder.Release();
  first.join();
  for (std::thread& follower : followers) follower.join();
  const auto batches = recorder.Batches();
  ASSERT_EQ(batches.size(), 2u);
  EXPECT_EQ(batches[0].size(), 1u);
  EXPECT_EQ(batches[1].size(), static_cast<std::size_t>(kFollowers));
  const std::set<std::thread::id> ids(follower_ids.begin(), follower_ids.end());
  EXPECT_EQ(ids.count(recorder.Threads()[1]), 1u) << "a follower leads the next batch";
}

TEST(GroupCommitTest, AnAllOrNothingWriteGetsATransactionOfItsOwn) {
  RecordingCommit recorder;
  GroupCommit group(To(recorder), nullptr, kNoIdleWork);
  recorder.Hold();
  std::vector<std::thread> writers;
  writers.emplace_back([&] { group.Submit(Numbered(0), false); });
  ASSERT_TRUE(Eventually([&] { return recorder.InCommit(); }));
  const bool alone[] = {false, false, true, false};
  for (std::size_t i = 0; i < std::size(alone); ++i) {
    writers.emplace_back([&, i] { group.Submit(Numbered(static_cast<int>(i + 1)), alone[i]); });
    ASSERT_TRUE(Eventually([&] { return group.Queued() == i + 1; }));  // queued in this order
  }
  recorder.Release();
  for (std::thread& writer : writers) writer.join();
  const std::vector<std::vector<bool>> expected = {{false}, {false, false}, {true}, {false}};
  EXPECT_EQ(recorder.Batches(), expected);
}

TEST(GroupCommitTest, AFailingCommitAnswersItsWritesAndFreesTheWriter) {
  int calls = 0;
  GroupCommit group(
      [&calls](GroupCommit::Batch& batch) {
        if (++calls == 1) throw std::runtime_error("disk on fire");
        for (PendingWrite* write : batch) write->result.message = "ok";
      },
      nullptr, kNoIdleWork);
  const WriteResult failed = group.Submit(Numbered(1), false);
  EXPECT_EQ(failed.status, WriteStatus::kFailed);
  EXPECT_FALSE(failed.message.empty());
  EXPECT_EQ(group.Submit(Numbered(2), false).message, "ok") << "the next write still commits";
}

// The idle work (WAL truncation, the probe write while commits fail) uses the
// writer connection too, so it never runs while a batch commits.
TEST(GroupCommitTest, IdleWorkRunsAfterAQuietSpellAndNeverDuringACommit) {
  RecordingCommit recorder;
  std::atomic<int> idle_calls{0};
  std::atomic<bool> overlapped{false};
  std::atomic<bool> call_again{true};
  GroupCommit group(
      To(recorder),
      [&] {
        if (recorder.InCommit()) overlapped = true;
        ++idle_calls;
        return call_again.load();
      },
      milliseconds(5));
  ASSERT_TRUE(Eventually([&] { return idle_calls >= 2; })) << "called again while it asks to be";
  call_again = false;
  const int settled = idle_calls + 1;
  ASSERT_TRUE(Eventually([&] { return idle_calls >= settled; }));
  for (int i = 0; i < 200; ++i) group.Submit(Numbered(i), false);
  const int before = idle_calls;
  ASSERT_TRUE(Eventually([&] { return idle_calls > before; })) << "due again after commits";
  EXPECT_FALSE(overlapped);
}

TEST(GroupCommitTest, DestroyingItAnswersEveryQueuedWrite) {
  RecordingCommit recorder;
  auto group = std::make_unique<GroupCommit>(To(recorder), nullptr, kNoIdleWork);
  GroupCommit* raw = group.get();  // the writers must not read the pointer being reset
  recorder.Hold();
  std::atomic<int> committed{0};
  std::vector<std::thread> writers;
  for (int i = 0; i < 4; ++i) {
    writers.emplace_back([&, i] {
      if (raw->Submit(Numbered(i), false).message == std::to_string(i) + " committed") ++committed;
    });
    if (i == 0) {
      ASSERT_TRUE(Eventually([&] { return recorder.InCommit(); }));
    }
  }
  ASSERT_TRUE(Eventually([&] { return raw->Queued() == 3; }));
  std::thread destroyer([&] { group.reset(); });
  recorder.Release();
  destroyer.join();
  for (std::thread& writer : writers) writer.join();
  EXPECT_EQ(committed, 4);
}

// Starts a write whose commit `recorder` holds; returns once it is committing.
std::thread HeldCommit(GroupCommit& group, RecordingCommit& recorder) {
  recorder.Hold();
  std::thread first([&group] { group.Submit(Numbered(0), false); });
  EXPECT_TRUE(Eventually([&recorder] { return recorder.InCommit(); }));
  return first;
}

// A write nobody waits for: SubmitAsync returns at once, and the completion
// gets the committed answer on the group commit's own thread.
TEST(GroupCommitTest, AnAsyncWriteIsAnsweredAfterItsCommitOnTheOwnThread) {
  RecordingCommit recorder;
  GroupCommit group(To(recorder), nullptr, kNoIdleWork);
  recorder.Hold();
  std::mutex mutex;
  std::string answer;
  std::thread::id answered_on;
  group.SubmitAsync(Numbered(5), [&](WriteResult result) {
    std::lock_guard lock(mutex);
    answer = result.message;
    answered_on = std::this_thread::get_id();
  });
  ASSERT_TRUE(Eventually([&] { return recorder.InCommit(); })) << "committed without a waiter";
  {
    std::lock_guard lock(mutex);
    EXPECT_TRUE(answer.empty()) << "answered before the commit returned";
  }
  recorder.Release();
  ASSERT_TRUE(Eventually([&] {
    std::lock_guard lock(mutex);
    return !answer.empty();
  }));
  std::lock_guard lock(mutex);
  EXPECT_EQ(answer, "5 committed");
  EXPECT_NE(answered_on, std::this_thread::get_id());
  EXPECT_EQ(recorder.Threads().at(0), answered_on);
}

// Async writes queued behind a commit share the next batch with a waiting
// submitter's write, and every one of them is answered.
TEST(GroupCommitTest, AsyncAndWaitingWritesShareABatch) {
  RecordingCommit recorder;
  GroupCommit group(To(recorder), nullptr, kNoIdleWork);
  std::thread first = HeldCommit(group, recorder);
  std::atomic<int> answered{0};
  for (int i = 1; i <= 10; ++i) {
    group.SubmitAsync(Numbered(i), [&answered, i](WriteResult result) {
      if (result.message == std::to_string(i) + " committed") ++answered;
    });
  }
  std::thread waiting(
      [&] { EXPECT_EQ(group.Submit(Numbered(11), false).message, "11 committed"); });
  ASSERT_TRUE(Eventually([&] { return group.Queued() == 11; }));
  recorder.Release();
  first.join();
  waiting.join();
  ASSERT_TRUE(Eventually([&] { return answered == 10; }));
  const auto batches = recorder.Batches();
  ASSERT_EQ(batches.size(), 2u);
  EXPECT_EQ(batches[1].size(), 11u);
}

// The destructor waits until every async write's completion has returned:
// what a completion touches (a connection) must outlive it.
TEST(GroupCommitTest, DestroyingItWaitsForEveryAsyncAnswer) {
  RecordingCommit recorder;
  auto group = std::make_unique<GroupCommit>(To(recorder), nullptr, kNoIdleWork);
  recorder.Hold();
  std::atomic<int> answered{0};
  for (int i = 0; i < 20; ++i) {
    group->SubmitAsync(Numbered(i), [&answered](WriteResult) {
      std::this_thread::sleep_for(milliseconds(1));
      ++answered;
    });
  }
  std::thread release([&] {
    std::this_thread::sleep_for(milliseconds(20));
    recorder.Release();
  });
  group.reset();
  EXPECT_EQ(answered, 20);
  release.join();
}

// A completion that throws loses only its own answer.
TEST(GroupCommitTest, AThrowingCompletionDoesNotStopTheOthers) {
  RecordingCommit recorder;
  GroupCommit group(To(recorder), nullptr, kNoIdleWork);
  std::thread first = HeldCommit(group, recorder);
  std::atomic<int> answered{0};
  group.SubmitAsync(Numbered(1), [](WriteResult) { throw std::runtime_error("lost"); });
  group.SubmitAsync(Numbered(2), [&answered](WriteResult) { ++answered; });
  recorder.Release();
  first.join();
  ASSERT_TRUE(Eventually([&] { return answered == 1; }));
  EXPECT_EQ(group.Submit(Numbered(3), false).message, "3 committed");
}

}  // namespace
}  // namespace heartbeat
