// The store's side of group commit: one transaction per batch, retention in
// it, and publishing to the index after the commit.
#include <SQLiteCpp/Transaction.h>

#include <chrono>

#include "heartbeat/store/store.h"
#include "store/group_commit.h"
#include "store/history_retention.h"
#include "store/write_context.h"

namespace heartbeat {

WriteResult Store::Submit(WriteOp op) { return group_commit_->Submit(std::move(op)); }

void Store::CommitBatch(std::vector<PendingWrite>& batch) {
  const auto started = std::chrono::steady_clock::now();
  WriteContext context(*writer_db_, *writer_statements_, index_, clock_.Now());
  HistoryRetention::RowCounts history_rows;  // kept by retention_ after the commit
  std::vector<WriteResult> results;
  results.reserve(batch.size());
  try {
    SQLite::Transaction transaction(*writer_db_);
    for (PendingWrite& write : batch) results.push_back(write.op(context));
    history_rows = retention_->Prune(context);
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
  retention_->Committed(history_rows, context.removed());
  index_.Publish(context.Changes());
  if (options_.on_commit) {
    options_.on_commit(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(),
        batch.size());
  }
  for (std::size_t i = 0; i < batch.size(); ++i) batch[i].promise.set_value(std::move(results[i]));
}

}  // namespace heartbeat
