#pragma once

// Private to the store: the writer thread's per-batch context, shared by
// store_writer.cpp (group commit) and store.cpp (the write operations).

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "heartbeat/store/store.h"

namespace heartbeat {

inline WriteResult WriteFailure(WriteStatus status, std::string message) {
  WriteResult result;
  result.status = status;
  result.message = std::move(message);
  return result;
}

// The writer thread's view during one batch: records changed earlier in the
// same batch are seen here before they are published to the index.
class Store::WriteContext {
 public:
  WriteContext(SQLite::Database& db, StatementCache& statements, const StateIndex& index,
               TimePoint now)
      : db_(db), index_(index), now_(now), statements_(statements) {}

  SQLite::Database& db() { return db_; }
  TimePoint now() const { return now_; }

  // A copy of the record to modify; null when it does not exist (any more).
  std::shared_ptr<Application> Mutable(long long id) {
    const auto staged = staged_.find(id);
    if (staged != staged_.end()) return staged->second;
    const ApplicationRecord current = index_.FindById(id);
    if (!current) return nullptr;
    auto copy = std::make_shared<Application>(*current);
    staged_[id] = copy;
    order_.push_back(id);
    return copy;
  }

  std::shared_ptr<Application> MutableByName(const std::string& name) {
    const auto staged = staged_names_.find(name);
    if (staged != staged_names_.end())
      return staged->second == 0 ? nullptr : Mutable(staged->second);
    const ApplicationRecord current = index_.FindByName(name);
    return current ? Mutable(current->id) : nullptr;
  }

  // True when an application's token or a ping key has this hash: a secret
  // names exactly one thing, so /ping/<secret>/... is never ambiguous.
  bool TokenInUse(const TokenHash& token_hash) {
    for (const auto& entry : staged_) {
      if (entry.second && entry.second->token_hash == token_hash) return true;
    }
    if (PingKeyInUse(token_hash)) return true;
    const ApplicationRecord holder = index_.FindByToken(token_hash);
    if (!holder) return false;
    // The holder may have been removed or re-keyed earlier in this batch.
    const auto staged = staged_.find(holder->id);
    return staged == staged_.end() || (staged->second && staged->second->token_hash == token_hash);
  }

  // Asks the database, not the key index: it sees keys added earlier in this batch.
  bool PingKeyInUse(const TokenHash& key_hash) {
    SQLite::Statement& query = Prepared("SELECT 1 FROM ping_keys WHERE key_hash = ?");
    query.bind(1, key_hash.data(), static_cast<int>(key_hash.size()));
    return query.executeStep();
  }

  // Runs after the batch committed (and only then), before any waiter is answered.
  void AfterCommit(std::function<void()> action) { after_commit_.push_back(std::move(action)); }
  void RunAfterCommit() const {
    for (const auto& action : after_commit_) action();
  }

  void Created(const std::shared_ptr<Application>& app) {
    staged_[app->id] = app;
    staged_names_[app->spec.name] = app->id;
    order_.push_back(app->id);
  }

  void Removed(long long id, const std::string& name) {
    staged_[id] = nullptr;
    staged_names_[name] = 0;
    removed_.push_back(id);
  }

  // A history row was added for `id` in this batch.
  void Touched(long long id) { ++rows_added_[id]; }
  const std::unordered_map<long long, int>& rows_added() const { return rows_added_; }
  const std::vector<long long>& removed() const { return removed_; }

  std::vector<StateIndex::Change> Changes() const {
    std::vector<StateIndex::Change> changes;
    changes.reserve(order_.size());
    for (long long id : order_) {
      const auto& record = staged_.at(id);
      if (record) {
        changes.push_back({record, 0});
      } else {
        changes.push_back({nullptr, id});
      }
    }
    return changes;
  }

  // Statements are prepared once for the life of the store and reused.
  SQLite::Statement& Prepared(const char* sql) {
    auto it = statements_.find(sql);
    if (it == statements_.end()) {
      it = statements_.emplace(sql, std::make_unique<SQLite::Statement>(db_, sql)).first;
    }
    SQLite::Statement& statement = *it->second;
    statement.reset();
    statement.clearBindings();
    return statement;
  }

 private:
  SQLite::Database& db_;
  const StateIndex& index_;
  TimePoint now_;
  std::unordered_map<long long, std::shared_ptr<Application>> staged_;
  std::unordered_map<std::string, long long> staged_names_;  // 0: removed in this batch
  std::vector<long long> order_;
  std::unordered_map<long long, int> rows_added_;
  std::vector<long long> removed_;
  std::vector<std::function<void()>> after_commit_;
  StatementCache& statements_;
};

}  // namespace heartbeat
