#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "heartbeat/core/application.h"
#include "heartbeat/core/clock.h"
#include "heartbeat/core/signal.h"
#include "heartbeat/core/storage_location.h"
#include "heartbeat/store/state_index.h"

namespace SQLite {
class Database;
}  // namespace SQLite

namespace heartbeat {

class GroupCommit;
class HistoryRetention;
class StatementCache;
class WriteContext;
struct PendingWrite;

struct StoreOptions {
  std::string path = StorageLocation::kDefaultPath;  // or StorageLocation::kInMemory
  bool sync_full = true;                             // --storage.sync=full: fsync every commit
  int retention_signals = 100;                       // history rows kept per application
  // Called after each commit with its latency and the number of writes it carried.
  std::function<void(double seconds, std::size_t batch_size)> on_commit;
};

enum class WriteStatus { kOk, kNotFound, kConflict, kInvalid, kFailed };

// What a write answers once it is committed (or not).
struct WriteResult {
  WriteStatus status = WriteStatus::kOk;
  std::string message;                     // a sentence for the client when status != kOk
  ApplicationRecord record;                // the committed record (null after a delete)
  std::optional<double> duration_seconds;  // for signals that closed a run
};

// One history row.
struct SignalRow {
  long long id = 0;
  TimePoint received_at{};
  std::string kind;
  std::optional<int> exit_status;
  std::string rid;
  std::optional<double> duration_seconds;
  long long body_size = 0;
  std::string remote_address;
  std::string user_agent;
};

// The durable store: SQLite in WAL mode, numbered migrations, and group commit
// (every write waiting at that moment in a single transaction). Every write
// call blocks until its transaction is committed and the index shows it: a 2xx
// means on disk. The store owns the index; everyone else reads it.
class Store {
 public:
  // Opens (creating directories and the file), migrates, loads the index, starts the writer.
  // Throws std::runtime_error with a sentence when the file cannot be used.
  Store(StoreOptions options, const TimeSource& clock);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // What is committed, for readers (scrapes, /checks, token look-ups); only the store publishes.
  const StateIndex& index() const { return index_; }

  WriteResult RecordSignal(long long application_id, Signal signal);
  WriteResult CreateApplication(const ApplicationSpec& spec, const TokenHash& token_hash,
                                bool declared);
  // Replaces the spec (not the name) of an existing application.
  WriteResult UpdateApplication(const std::string& name, const ApplicationSpec& spec,
                                bool declared);
  WriteResult SetPaused(const std::string& name, bool paused);
  WriteResult ReplaceToken(const std::string& name, const TokenHash& token_hash);
  WriteResult DeleteApplication(const std::string& name);

  // Newest first, at most `limit` rows.
  std::vector<SignalRow> History(long long application_id, int limit);
  // The stored body of one signal of that application, or nullopt.
  std::optional<std::string> SignalBody(long long application_id, long long signal_id);

  // True when the store can commit: the writer runs and the last commit did not fail.
  bool Ready() const;
  int schema_version() const;
  static int LatestSchemaVersion();

 private:
  using WriteOp = std::function<WriteResult(WriteContext&)>;

  WriteResult Submit(WriteOp op);
  void CommitBatch(std::vector<PendingWrite>& batch);
  void LoadIndex();

  StoreOptions options_;
  const TimeSource& clock_;
  StateIndex index_;
  std::unique_ptr<SQLite::Database> writer_db_;
  // Writer thread only. Declared after writer_db_ so they are finalized before it closes.
  std::unique_ptr<StatementCache> writer_statements_;
  std::unique_ptr<HistoryRetention> retention_;
  std::unique_ptr<SQLite::Database> reader_db_;
  std::mutex reader_mutex_;
  std::atomic<bool> last_commit_failed_{false};
  // Last: its thread starts after everything it uses exists and stops before it goes.
  std::unique_ptr<GroupCommit> group_commit_;
};

}  // namespace heartbeat
