#include "store/group_commit.h"

namespace heartbeat {

namespace {

// A batch is bounded so one commit never holds a huge transaction in memory
// and one commit adds at most ~1.3 MB to the WAL (~1.3 KB per signal, issue 10).
constexpr std::size_t kMaxBatch = 1024;

}  // namespace

GroupCommit::GroupCommit(CommitFunction commit, IdleFunction on_idle,
                         std::chrono::milliseconds idle_after)
    : commit_(std::move(commit)),
      on_idle_(std::move(on_idle)),
      idle_after_(idle_after),
      thread_([this] { Loop(); }) {}

GroupCommit::~GroupCommit() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  ready_.notify_all();
  if (thread_.joinable()) thread_.join();
}

WriteResult GroupCommit::Submit(WriteOp op, bool alone) {
  std::future<WriteResult> done;
  {
    std::lock_guard lock(mutex_);
    if (stopping_) {
      return WriteFailure(WriteStatus::kFailed, "the store is shutting down; retry shortly");
    }
    queue_.push_back(PendingWrite{std::move(op), alone, {}});
    done = queue_.back().promise.get_future();
  }
  ready_.notify_one();
  return done.get();
}

void GroupCommit::Loop() {
  std::vector<PendingWrite> batch;
  while (TakeBatch(batch)) {
    commit_(batch);
    batch.clear();
  }
}

bool GroupCommit::TakeBatch(std::vector<PendingWrite>& batch) {
  std::unique_lock lock(mutex_);
  const auto has_work = [this] { return stopping_ || !queue_.empty(); };
  // Idle work once per quiet spell, or every idle_after_ while it asks to be called again.
  while (!ready_.wait_for(lock, idle_after_, has_work)) {
    lock.unlock();
    const bool again = on_idle_ && on_idle_();
    lock.lock();
    if (!again) {
      ready_.wait(lock, has_work);
      break;
    }
  }
  if (queue_.empty()) return false;  // stopping, and everything queued is answered
  // An all-or-nothing write gets a transaction of its own: its rollback must
  // not take other clients' writes with it, nor theirs it.
  if (queue_.front().alone) {
    batch.push_back(std::move(queue_.front()));
    queue_.pop_front();
    return true;
  }
  while (!queue_.empty() && !queue_.front().alone && batch.size() < kMaxBatch) {
    batch.push_back(std::move(queue_.front()));
    queue_.pop_front();
  }
  return true;
}

}  // namespace heartbeat
