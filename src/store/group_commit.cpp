#include "store/group_commit.h"

namespace heartbeat {

namespace {

// A batch is bounded so one commit never holds a huge transaction in memory
// and one commit adds at most ~1.3 MB to the WAL (~1.3 KB per signal, issue 10).
constexpr std::size_t kMaxBatch = 1024;

}  // namespace

// One submitted write whose submitter waits in Submit, and how it is woken:
// when its batch is committed, or when it is asked to lead the next one. It
// lives on the submitter's stack, so such a write costs no allocation of its own.
struct GroupCommit::Waiter : PendingWrite {
  bool done = false;
  std::condition_variable wake;
};

GroupCommit::GroupCommit(CommitFunction commit, IdleFunction on_idle,
                         std::chrono::milliseconds idle_after)
    : commit_(std::move(commit)),
      on_idle_(std::move(on_idle)),
      idle_after_(idle_after),
      own_thread_([this] { OwnLoop(); }) {
  batch_.reserve(kMaxBatch);
}

GroupCommit::~GroupCommit() {
  {
    std::unique_lock lock(mutex_);
    stopping_ = true;
    own_wake_.notify_one();  // it leads what nobody waits for, then stops
    drained_.wait(lock, [this] { return submitters_ == 0 && !committing_; });
  }
  own_wake_.notify_one();
  if (own_thread_.joinable()) own_thread_.join();
}

WriteResult GroupCommit::Submit(WriteOp op, bool alone) {
  Waiter self;
  self.op = std::move(op);
  self.alone = alone;
  std::unique_lock lock(mutex_);
  if (stopping_) {
    return WriteFailure(WriteStatus::kFailed, "the store is shutting down; retry shortly");
  }
  ++submitters_;
  queue_.push_back(&self);
  while (!self.done) {
    if (committing_) {
      self.wake.wait(lock);
    } else {
      Lead(lock);  // the writer is free: commit the front batch (ours, or one before it)
    }
  }
  --submitters_;
  NotifyIfDrained();  // under the lock: the destructor cannot run before we unlock
  return std::move(self.result);
}

void GroupCommit::SubmitAsync(WriteOp op, std::function<void(WriteResult)> on_committed) {
  auto write = std::make_unique<PendingWrite>();
  write->op = std::move(op);
  write->on_committed = std::move(on_committed);
  std::lock_guard lock(mutex_);
  ++submitters_;
  queue_.push_back(write.release());
  if (!committing_) own_wake_.notify_one();
}

std::size_t GroupCommit::Queued() {
  std::lock_guard lock(mutex_);
  return queue_.size();
}

void GroupCommit::Lead(std::unique_lock<std::mutex>& lock) {
  committing_ = true;
  TakeBatch();
  lock.unlock();
  RunCommit();
  lock.lock();
  Batch completed;
  AnswerBatch(completed);
  last_activity_ = SteadyClock::now();
  if (!idle_due_) {
    idle_due_ = true;
    own_wake_.notify_one();
  }
  // The next batch may commit while this thread writes the answers of this one.
  Release();
  if (!completed.empty()) Complete(completed, lock);
}

void GroupCommit::TakeBatch() {
  // An all-or-nothing write gets a transaction of its own: its rollback must
  // not take other clients' writes with it, nor theirs it.
  if (queue_.front()->alone) {
    batch_.push_back(queue_.front());
    queue_.pop_front();
    return;
  }
  while (!queue_.empty() && !queue_.front()->alone && batch_.size() < kMaxBatch) {
    batch_.push_back(queue_.front());
    queue_.pop_front();
  }
}

void GroupCommit::RunCommit() noexcept {
  try {
    commit_(batch_);
  } catch (...) {
    // The commit function answers its own failures; this is only so that an
    // unexpected one cannot leave the writer taken forever.
    for (PendingWrite* write : batch_) {
      write->result = WriteFailure(WriteStatus::kFailed, "internal error while committing");
    }
  }
}

void GroupCommit::AnswerBatch(Batch& completed) {
  // Under the lock: a waiter cannot see `done` and return (destroying itself)
  // before it has been notified.
  for (PendingWrite* write : batch_) {
    if (write->on_committed) {
      completed.push_back(write);
      continue;
    }
    auto* waiter = static_cast<Waiter*>(write);
    waiter->done = true;
    waiter->wake.notify_one();
  }
  batch_.clear();
}

void GroupCommit::Release() {
  committing_ = false;
  if (queue_.empty()) return NotifyIfDrained();
  if (queue_.front()->on_committed) {
    own_wake_.notify_one();
  } else {
    static_cast<Waiter*>(queue_.front())->wake.notify_one();
  }
}

// Outside the lock: a completion writes an answer to a socket.
void GroupCommit::Complete(Batch& completed, std::unique_lock<std::mutex>& lock) {
  lock.unlock();
  for (PendingWrite* write : completed) {
    std::unique_ptr<PendingWrite> owned(write);
    try {
      owned->on_committed(std::move(owned->result));
    } catch (...) {
      // A completion answers its own failures; one that throws loses only its answer.
    }
  }
  lock.lock();
  submitters_ -= static_cast<int>(completed.size());
  NotifyIfDrained();
}

void GroupCommit::NotifyIfDrained() {
  if (stopping_ && submitters_ == 0 && !committing_) drained_.notify_all();
}

void GroupCommit::OwnLoop() {
  std::unique_lock lock(mutex_);
  for (;;) {
    const Work work = WaitForWork(lock);
    if (work == Work::kStop) return;
    if (work == Work::kLead) {
      Lead(lock);
      continue;
    }
    committing_ = true;
    lock.unlock();
    bool again = false;
    try {
      again = on_idle_ && on_idle_();
    } catch (...) {
      again = true;  // try again after the next quiet spell
    }
    lock.lock();
    idle_due_ = again;
    last_activity_ = SteadyClock::now();
    Release();
  }
}

bool GroupCommit::AsyncWriteWaits() const {
  return !committing_ && !queue_.empty() && queue_.front()->on_committed;
}

GroupCommit::Work GroupCommit::WaitForWork(std::unique_lock<std::mutex>& lock) {
  for (;;) {
    if (AsyncWriteWaits()) return Work::kLead;
    if (stopping_) {
      if (submitters_ == 0 && !committing_) return Work::kStop;
      own_wake_.wait(lock);
      continue;
    }
    if (!idle_due_) {
      own_wake_.wait(lock);
      continue;
    }
    const SteadyClock::time_point due = last_activity_ + idle_after_;
    if (SteadyClock::now() < due) {
      own_wake_.wait_until(lock, due);
      continue;
    }
    // Writes are waiting or being committed: not quiet. last_activity_ moves
    // when that batch is done, so this waits for a whole quiet spell again.
    if (committing_ || !queue_.empty()) {
      own_wake_.wait_for(lock, idle_after_);
      continue;
    }
    return Work::kIdle;
  }
}

}  // namespace heartbeat
