#pragma once

// Private to the store: group commit. Callers queue writes and block on a
// future; one thread takes every write waiting at that moment and hands the
// batch to the store, which commits it in one transaction (one fsync for all).

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
  std::promise<WriteResult> promise;
};

class GroupCommit {
 public:
  // Commits one batch and fulfils every promise in it.
  using CommitFunction = std::function<void(std::vector<PendingWrite>& batch)>;

  explicit GroupCommit(CommitFunction commit);
  // Answers everything already queued, then stops the thread.
  ~GroupCommit();
  GroupCommit(const GroupCommit&) = delete;
  GroupCommit& operator=(const GroupCommit&) = delete;

  // Blocks until the write's batch is committed (or failed).
  WriteResult Submit(WriteOp op);

 private:
  void Loop();
  // Waits for writes; false when stopping with nothing left.
  bool TakeBatch(std::vector<PendingWrite>& batch);

  CommitFunction commit_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<PendingWrite> queue_;
  bool stopping_ = false;
  std::thread thread_;  // last: started after everything it uses
};

}  // namespace heartbeat
