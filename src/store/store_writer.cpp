// The store's side of group commit: one transaction per batch, retention in
// it, publishing to the index after the commit, and the writer's idle work.
#include <SQLiteCpp/Transaction.h>
#include <sqlite3.h>

#include <chrono>

#include "heartbeat/store/store.h"
#include "store/flip_log.h"
#include "store/group_commit.h"
#include "store/history_retention.h"
#include "store/store_health.h"
#include "store/store_schema.h"
#include "store/wal_maintenance.h"
#include "store/write_context.h"

namespace heartbeat {

WriteResult Store::Submit(WriteOp op, bool alone) {
  return group_commit_->Submit(std::move(op), alone);
}

void Store::CommitBatch(std::vector<PendingWrite*>& batch) {
  const auto started = std::chrono::steady_clock::now();
  WriteContext context(*writer_db_, *writer_statements_, index_, clock_.Now());
  HistoryRetention::RowCounts history_rows;  // kept by retention_ after the commit
  std::vector<WriteResult> results;
  try {
    SQLite::Transaction transaction(*writer_db_);
    results = RunBatch(batch, context);
    flips_->RecordChanges(context, index_);
    history_rows = retention_->Prune(context);
    transaction.commit();
  } catch (const WriteAborted& aborted) {
    // An all-or-nothing write refused part of itself: rolled back, alone in its batch.
    batch.front()->result = aborted.result();
    return;
  } catch (const std::exception& error) {
    FailBatch(batch, error);
    return;
  }
  health_->CommitSucceeded();
  retention_->Committed(history_rows, context.removed());
  index_.Publish(context.Changes());
  context.RunAfterCommit();
  if (options_.on_commit) {
    options_.on_commit(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(),
        batch.size());
  }
  for (std::size_t i = 0; i < batch.size(); ++i) batch[i]->result = std::move(results[i]);
  wal_->AfterCommit();
}

std::vector<WriteResult> Store::RunBatch(std::vector<PendingWrite*>& batch, WriteContext& context) {
  std::vector<WriteResult> results;
  results.reserve(batch.size());
  for (PendingWrite* write : batch) results.push_back(write->op(context));
  return results;
}

void Store::FailBatch(std::vector<PendingWrite*>& batch, const std::exception& error) {
  // The transaction's destructor rolled back; if even that failed, the next
  // BEGIN would fail forever ("cannot start a transaction within a transaction").
  if (sqlite3_get_autocommit(writer_db_->getHandle()) == 0) writer_db_->tryExec("ROLLBACK");
  // Nothing of this batch is stored, and no one is told otherwise.
  const std::string sentence = health_->CommitFailed(error);
  for (PendingWrite* write : batch) {
    write->result = WriteFailure(WriteStatus::kFailed, sentence);
  }
}

bool Store::WhenIdle() {
  wal_->WhenIdle();
  if (!health_->failing()) return false;
  // Nobody may write while the store is not ready (a load balancer sends no
  // traffic), so the writer finds out itself when commits work again: a
  // one-page write transaction that rewrites the schema version it has.
  try {
    writer_db_->exec("PRAGMA user_version = " + std::to_string(CurrentSchemaVersion(*writer_db_)));
    health_->CommitSucceeded();
  } catch (const std::exception& error) {
    health_->ProbeFailed(error);
  }
  return health_->failing();
}

}  // namespace heartbeat
