#pragma once

// Private to the store: group commit, leader/follower. A thread that submits a
// write while nobody is committing becomes the leader: it takes every write
// queued at that moment (its own first among them) and commits them in one
// transaction (one fsync for all) on its own thread. Threads that submit while
// it commits queue up and wait; when it is done it wakes the writes it
// committed and hands the lead to the first queued one, which commits the next
// batch. No thread of its own carries a write: the hand-off to a writer thread
// and back (two scheduler round trips per request) is gone, a lone write is
// committed without any, and a follower costs one wake-up.

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "store/write_context.h"

namespace heartbeat {

struct PendingWrite {
  WriteOp op;
  bool alone = false;  // committed in a transaction of its own (all or nothing)
  WriteResult result;  // set by the commit function
};

class GroupCommit {
 public:
  using Batch = std::vector<PendingWrite*>;
  // Commits one batch and sets every write's result. Runs on the leader's thread,
  // never on two threads at once.
  using CommitFunction = std::function<void(Batch& batch)>;
  // Called when no write came for `idle_after` (on a thread of the group commit's
  // own, never while a batch commits); returns whether to be called again after
  // another `idle_after` of quiet (false: not before the next commit).
  using IdleFunction = std::function<bool()>;

  GroupCommit(CommitFunction commit, IdleFunction on_idle, std::chrono::milliseconds idle_after);
  // Refuses new writes, waits until every queued one is answered and its
  // submitter has left Submit, stops the idle thread.
  ~GroupCommit();
  GroupCommit(const GroupCommit&) = delete;
  GroupCommit& operator=(const GroupCommit&) = delete;

  // Returns once the write's batch is committed (or failed).
  WriteResult Submit(WriteOp op, bool alone);
  // Writes waiting for a batch (not counting the one being committed).
  std::size_t Queued();

 private:
  using SteadyClock = std::chrono::steady_clock;
  struct Waiter;

  // Commits the batch at the front of the queue; called and returns with `lock` held.
  void Lead(std::unique_lock<std::mutex>& lock);
  void TakeBatch();
  void RunCommit() noexcept;
  // Gives the writer up: the next queued write (if any) is asked to lead.
  void Release();
  // Wakes the destructor once nothing runs inside and no thread is in Submit.
  void NotifyIfDrained();
  void IdleLoop();
  // Waits until the idle work is due; false when stopping.
  bool WaitUntilIdle(std::unique_lock<std::mutex>& lock);

  CommitFunction commit_;
  IdleFunction on_idle_;
  std::chrono::milliseconds idle_after_;
  std::mutex mutex_;
  std::deque<Waiter*> queue_;  // waiting for a batch; each lives on its submitter's stack
  Batch batch_;                // the batch being committed; only the leader touches it
  bool committing_ = false;    // a leader (or the idle work) has the writer connection
  bool stopping_ = false;
  // Threads inside Submit. A write marked done still has to re-take the mutex
  // to return, so the destructor waits for them to leave, not for the queue
  // to empty: destroying the mutex under a waking follower is use-after-free.
  int submitters_ = 0;
  std::condition_variable drained_;    // the destructor waits on it for the last writes
  std::condition_variable idle_wake_;  // idle work became due, or stopping
  bool idle_due_ = true;               // idle work is owed after the next quiet spell
  SteadyClock::time_point last_activity_ = SteadyClock::now();
  std::thread idle_thread_;  // last: started after everything it uses
};

}  // namespace heartbeat
