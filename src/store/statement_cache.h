#pragma once

// Private to the store: prepared statements kept for the life of a connection,
// each use reset when its scope ends.

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <memory>
#include <unordered_map>

namespace heartbeat {

// One use of a cached statement. The destructor resets it: a statement that
// returned a row and was never reset keeps its connection's read transaction
// open, and a checkpoint cannot pass that snapshot. The retention count(*) did
// exactly that and the WAL grew to 341 MB in 12 s (issue 10).
class ScopedStatement {
 public:
  explicit ScopedStatement(SQLite::Statement& statement) : statement_(statement) {}
  ~ScopedStatement() { statement_.tryReset(); }
  ScopedStatement(const ScopedStatement&) = delete;
  ScopedStatement& operator=(const ScopedStatement&) = delete;

  SQLite::Statement* operator->() { return &statement_; }
  SQLite::Statement& operator*() { return statement_; }

 private:
  SQLite::Statement& statement_;
};

// Statements prepared once per connection (re-preparing them every batch cost
// ~50 µs per signal, docs/performance.md). Keyed by the SQL text's address:
// every caller passes a string with static storage.
class StatementCache {
 public:
  explicit StatementCache(SQLite::Database& db) : db_(db) {}

  ScopedStatement Use(const char* sql) {
    auto it = statements_.find(sql);
    if (it == statements_.end()) {
      it = statements_.emplace(sql, std::make_unique<SQLite::Statement>(db_, sql)).first;
    }
    SQLite::Statement& statement = *it->second;
    statement.tryReset();  // after a failed step the scope's reset may have left an error
    statement.clearBindings();
    return ScopedStatement(statement);
  }

 private:
  SQLite::Database& db_;
  std::unordered_map<const char*, std::unique_ptr<SQLite::Statement>> statements_;
};

}  // namespace heartbeat
