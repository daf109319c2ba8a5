#pragma once

// Private to the store: group commit. Callers queue writes and block on a
// future; one thread takes every write waiting at that moment and hands the
// batch to the store, which commits it in one transaction (one fsync for all).

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

#include "store/write_context.h"

namespace heartbeat {

struct PendingWrite {
  WriteOp op;
  bool alone = false;  // committed in a transaction of its own (all or nothing)
  std::promise<WriteResult> promise;
};

class GroupCommit {
 public:
  // Commits one batch and fulfils every promise in it.
  using CommitFunction = std::function<void(std::vector<PendingWrite>& batch)>;
  // Called on the writer thread when the queue stayed empty for `idle_after`;
  // returns whether to be called again after another `idle_after` of quiet
  // (false: not before the next commit).
  using IdleFunction = std::function<bool()>;

  GroupCommit(CommitFunction commit, IdleFunction on_idle, std::chrono::milliseconds idle_after);
  // Answers everything already queued, then stops the thread.
  ~GroupCommit();
  GroupCommit(const GroupCommit&) = delete;
  GroupCommit& operator=(const GroupCommit&) = delete;

  // Blocks until the write's batch is committed (or failed).
  WriteResult Submit(WriteOp op, bool alone);

 private:
  void Loop();
  // Waits for writes; false when stopping with nothing left. Calls on_idle_ while waiting.
  bool TakeBatch(std::vector<PendingWrite>& batch);

  CommitFunction commit_;
  IdleFunction on_idle_;
  std::chrono::milliseconds idle_after_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<PendingWrite> queue_;
  bool stopping_ = false;
  std::thread thread_;  // last: started after everything it uses
};

}  // namespace heartbeat
