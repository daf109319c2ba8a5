#pragma once

// Private to the store: group commit, leader/follower. A thread that submits a
// write while nobody is committing becomes the leader: it takes every write
// queued at that moment (its own first among them) and commits them in one
// transaction (one fsync for all) on its own thread. Threads that submit while
// it commits queue up and wait; when it is done it wakes the writes it
// committed and hands the lead to the first queued one, which commits the next
// batch. A lone write is committed without any hand-off, and a follower costs
// one wake-up.
//
// A write nobody waits for (SubmitAsync, the HTTP layer's pings) is led by the
// group commit's own thread instead, and its completion is called on the
// committing thread once the batch is durable: the submitting thread went on
// serving other connections, so a request costs no thread a sleep at all
// (issue 11: those wake-ups were a third of the CPU under keep-alive load).

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
  // Empty while a submitter waits in Submit; else called with the result once
  // the batch is committed, on the committing thread.
  std::function<void(WriteResult)> on_committed;
};

class GroupCommit {
 public:
  using Batch = std::vector<PendingWrite*>;
  // Commits one batch and sets every write's result. Runs on the leader's thread,
  // never on two threads at once.
  using CommitFunction = std::function<void(Batch& batch)>;
  // Called when no write came for `idle_after` (on the group commit's own thread,
  // never while a batch commits); returns whether to be called again after
  // another `idle_after` of quiet (false: not before the next commit).
  using IdleFunction = std::function<bool()>;

  GroupCommit(CommitFunction commit, IdleFunction on_idle, std::chrono::milliseconds idle_after);
  // Refuses new writes, waits until every queued one is answered (and its
  // submitter has left Submit, or its completion has returned), stops its thread.
  ~GroupCommit();
  GroupCommit(const GroupCommit&) = delete;
  GroupCommit& operator=(const GroupCommit&) = delete;

  // Returns once the write's batch is committed (or failed).
  WriteResult Submit(WriteOp op, bool alone);
  // Returns at once; `on_committed` is called with the result once the write's
  // batch is committed (or failed), on the committing thread, never inside this
  // call. Accepted while stopping too: the destructor waits for it.
  void SubmitAsync(WriteOp op, std::function<void(WriteResult)> on_committed);
  // Writes waiting for a batch (not counting the one being committed).
  std::size_t Queued();

 private:
  using SteadyClock = std::chrono::steady_clock;
  struct Waiter;

  // Commits the batch at the front of the queue, wakes its waiters, gives the
  // writer up, then calls its completions; called and returns with `lock` held.
  void Lead(std::unique_lock<std::mutex>& lock);
  void TakeBatch();
  void RunCommit() noexcept;
  // Wakes the batch's waiters; moves its writes with completions to `completed`.
  void AnswerBatch(Batch& completed);
  // Gives the writer up: the next queued write (if any) is asked to lead, by its
  // waiting submitter or, for a write nobody waits for, by the own thread.
  void Release();
  void Complete(Batch& completed, std::unique_lock<std::mutex>& lock);
  // Wakes the destructor once nothing runs inside and no thread is in Submit.
  void NotifyIfDrained();
  // The own thread: leads writes nobody waits for, and does the idle work.
  void OwnLoop();
  enum class Work { kLead, kIdle, kStop };
  Work WaitForWork(std::unique_lock<std::mutex>& lock);
  bool AsyncWriteWaits() const;

  CommitFunction commit_;
  IdleFunction on_idle_;
  std::chrono::milliseconds idle_after_;
  std::mutex mutex_;
  // Waiting for a batch: a Waiter on its submitter's stack, or a PendingWrite
  // with a completion, owned by the queue and then by the batch.
  std::deque<PendingWrite*> queue_;
  Batch batch_;              // the batch being committed; only the leader touches it
  bool committing_ = false;  // a leader (or the idle work) has the writer connection
  bool stopping_ = false;
  // Threads inside Submit, and writes submitted with a completion that has not
  // returned yet. A write marked done still has to re-take the mutex to return,
  // so the destructor waits for them to leave, not for the queue to empty:
  // destroying the mutex under a waking follower is use-after-free.
  int submitters_ = 0;
  std::condition_variable drained_;  // the destructor waits on it for the last writes
  // The own thread: a write nobody waits for can be led, idle work became due, or stopping.
  std::condition_variable own_wake_;
  bool idle_due_ = true;  // idle work is owed after the next quiet spell
  SteadyClock::time_point last_activity_ = SteadyClock::now();
  std::thread own_thread_;  // last: started after everything it uses
};

}  // namespace heartbeat
