#include "store/group_commit.h"

namespace heartbeat {

namespace {

// A batch is bounded so one commit never holds a huge transaction in memory.
constexpr std::size_t kMaxBatch = 8192;

}  // namespace

GroupCommit::GroupCommit(CommitFunction commit)
    : commit_(std::move(commit)), thread_([this] { Loop(); }) {}

GroupCommit::~GroupCommit() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  ready_.notify_all();
  if (thread_.joinable()) thread_.join();
}

WriteResult GroupCommit::Submit(WriteOp op) {
  std::future<WriteResult> done;
  {
    std::lock_guard lock(mutex_);
    if (stopping_) {
      return WriteFailure(WriteStatus::kFailed, "the store is shutting down; retry shortly");
    }
    queue_.push_back(PendingWrite{std::move(op), {}});
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
  ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
  if (queue_.empty()) return false;  // stopping, and everything queued is answered
  while (!queue_.empty() && batch.size() < kMaxBatch) {
    batch.push_back(std::move(queue_.front()));
    queue_.pop_front();
  }
  return true;
}

}  // namespace heartbeat
