// Group commit: the writer thread and the one transaction per batch.
#include <SQLiteCpp/Transaction.h>

#include <algorithm>
#include <chrono>

#include "store/store_write_context.h"

namespace heartbeat {

WriteResult Store::Submit(WriteOp op) {
  std::future<WriteResult> done;
  {
    std::lock_guard lock(queue_mutex_);
    if (stopping_)
      return WriteFailure(WriteStatus::kFailed, "the store is shutting down; retry shortly");
    queue_.push_back(PendingWrite{std::move(op), {}});
    done = queue_.back().promise.get_future();
  }
  queue_ready_.notify_one();
  return done.get();
}

void Store::WriterLoop() {
  // A batch is bounded so one commit never holds a huge transaction in memory.
  constexpr std::size_t kMaxBatch = 8192;
  std::vector<PendingWrite> batch;
  for (;;) {
    {
      std::unique_lock lock(queue_mutex_);
      queue_ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and everything queued is answered
      while (!queue_.empty() && batch.size() < kMaxBatch) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    CommitBatch(batch);
    batch.clear();
  }
}

void Store::CommitBatch(std::vector<PendingWrite>& batch) {
  const auto started = std::chrono::steady_clock::now();
  WriteContext context(*writer_db_, writer_statements_, index_, clock_.Now());
  std::unordered_map<long long, int> history_rows;  // applied to history_rows_ after the commit
  std::vector<WriteResult> results;
  results.reserve(batch.size());
  try {
    SQLite::Transaction transaction(*writer_db_);
    for (PendingWrite& write : batch) results.push_back(write.op(context));
    // Retention inside the same transaction, for the applications this batch
    // touched only. Rows are counted in memory and deleted in steps of `slack`,
    // so a busy application pays for one DELETE every `slack` signals rather than
    // one per signal; readers never see more than the retention (History caps it).
    const int retention = options_.retention_signals;
    const int slack = std::max(1, retention / 4);
    for (const auto& [id, added] : context.rows_added()) {
      const auto known = history_rows_.find(id);
      int rows = 0;
      if (known == history_rows_.end()) {
        SQLite::Statement& count =
            context.Prepared("SELECT count(*) FROM signals WHERE application_id = ?");
        count.bind(1, static_cast<int64_t>(id));
        rows = count.executeStep() ? count.getColumn(0).getInt() : 0;
      } else {
        rows = known->second + added;
      }
      if (rows > retention + slack || (known == history_rows_.end() && rows > retention)) {
        SQLite::Statement& prune = context.Prepared(
            "DELETE FROM signals WHERE application_id = ?1 AND id <= (SELECT id FROM signals "
            "WHERE application_id = ?1 ORDER BY id DESC LIMIT 1 OFFSET ?2)");
        prune.bind(1, static_cast<int64_t>(id));
        prune.bind(2, retention);
        prune.exec();
        rows = retention;
      }
      history_rows[id] = rows;
    }
    transaction.commit();
    last_commit_failed_ = false;
  } catch (const std::exception& error) {
    // The transaction rolled back: nothing of this batch is stored, and no one is told otherwise.
    last_commit_failed_ = true;
    for (PendingWrite& write : batch) {
      write.promise.set_value(
          WriteFailure(WriteStatus::kFailed, std::string("the store could not commit: ") +
                                                 error.what() + "; nothing was recorded, retry"));
    }
    return;
  }
  for (const auto& [id, rows] : history_rows) history_rows_[id] = rows;
  for (long long id : context.removed()) history_rows_.erase(id);
  index_.Publish(context.Changes());
  context.RunAfterCommit();
  if (options_.on_commit) {
    options_.on_commit(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(),
        batch.size());
  }
  for (std::size_t i = 0; i < batch.size(); ++i) batch[i].promise.set_value(std::move(results[i]));
}

}  // namespace heartbeat
