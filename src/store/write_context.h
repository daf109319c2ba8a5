#pragma once

// Private to the store: the committing thread's view during one batch, shared by the
// group commit (store_writer.cpp) and the write operations (store_operations.cpp).

#include <SQLiteCpp/Database.h>

#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include "heartbeat/store/state_index.h"
#include "heartbeat/store/store.h"
#include "store/statement_cache.h"

namespace heartbeat {

inline WriteResult WriteFailure(WriteStatus status, std::string message) {
  WriteResult result;
  result.status = status;
  result.message = std::move(message);
  return result;
}

// Records changed earlier in the same batch are seen here before they are
// published to the index (copy-on-write), so two writes in one batch both count.
class WriteContext {
 public:
  WriteContext(SQLite::Database& db, StatementCache& statements, const StateIndex& index,
               TimePoint now)
      : db_(db), statements_(statements), index_(index), now_(now) {}

  SQLite::Database& db() { return db_; }
  TimePoint now() const { return now_; }
  ScopedStatement Use(const char* sql) { return statements_.Use(sql); }

  // A copy of the record to modify; null when it does not exist (any more).
  std::shared_ptr<Application> Mutable(long long id);
  std::shared_ptr<Application> MutableByName(const std::string& name);
  // True when an application's token or a ping key has this hash: a secret
  // names exactly one thing, so /ping/<secret>/... is never ambiguous.
  bool TokenInUse(const TokenHash& token_hash);
  // Asks the database, not the key index: it sees keys added earlier in this batch.
  bool PingKeyInUse(const TokenHash& key_hash);

  // Runs after the batch committed (and only then), before any waiter is answered.
  void AfterCommit(std::function<void()> action) { after_commit_.push_back(std::move(action)); }
  void RunAfterCommit() const {
    for (const auto& action : after_commit_) action();
  }

  // A record of this batch now holds `token_hash` (created or rotated).
  void ClaimToken(long long id, const TokenHash& token_hash) { claimed_tokens_[token_hash] = id; }
  void Created(const std::shared_ptr<Application>& app);
  void Removed(long long id, const std::string& name);

  // A history row was added for `id` in this batch.
  void Touched(long long id) { ++rows_added_[id]; }
  const std::unordered_map<long long, int>& rows_added() const { return rows_added_; }
  const std::vector<long long>& removed() const { return removed_; }

  // The committed records, and those this batch changed so far (null: removed).
  const StateIndex& index() const { return index_; }
  const std::unordered_map<long long, std::shared_ptr<Application>>& staged() const {
    return staged_;
  }

  // What the index publishes after the commit, in the order the records were first changed.
  std::vector<StateIndex::Change> Changes() const;

 private:
  SQLite::Database& db_;
  StatementCache& statements_;
  const StateIndex& index_;
  TimePoint now_;
  std::unordered_map<long long, std::shared_ptr<Application>> staged_;  // null: removed
  std::unordered_map<std::string, long long> staged_names_;             // 0: removed
  // Tokens taken in this batch: TokenInUse stays O(1) in a 10k-application reload.
  std::unordered_map<TokenHash, long long, TokenHashHasher> claimed_tokens_;
  std::vector<long long> order_;
  std::unordered_map<long long, int> rows_added_;
  std::vector<long long> removed_;
  std::vector<std::function<void()>> after_commit_;
};

// One write, run on the committing thread inside the batch's transaction. It
// returns its answer; an exception rolls the whole batch back.
using WriteOp = std::function<WriteResult(WriteContext&)>;

// Thrown by an all-or-nothing write (alone in its batch) to roll its
// transaction back and answer `result`: a refusal, not a store failure.
class WriteAborted : public std::runtime_error {
 public:
  explicit WriteAborted(WriteResult result)
      : std::runtime_error(result.message), result_(std::move(result)) {}
  const WriteResult& result() const { return result_; }

 private:
  WriteResult result_;
};

}  // namespace heartbeat
