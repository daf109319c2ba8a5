#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "heartbeat/core/application.h"
#include "heartbeat/core/clock.h"
#include "heartbeat/core/ping_key.h"
#include "heartbeat/core/signal.h"
#include "heartbeat/core/storage_location.h"
#include "heartbeat/store/ping_key_index.h"
#include "heartbeat/store/state_index.h"

namespace SQLite {
class Database;
class Statement;
}  // namespace SQLite

namespace heartbeat {

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
  PingKeyRecord ping_key;                  // the committed key, for ping key writes
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
  std::string classified_by = "request";  // ClassifiedByName of what decided the kind
  std::string matched_keyword;            // empty when no keyword decided
};

// The durable store: SQLite in WAL mode, numbered migrations, and one writer
// thread that commits every write waiting at that moment in a single
// transaction (group commit). Every write call blocks until its transaction
// is committed and the index shows it: a 2xx means on disk.
class Store {
 public:
  // Opens (creating directories and the file), migrates, loads `index`, starts the writer.
  // Throws std::runtime_error with a sentence when the file cannot be used.
  Store(StoreOptions options, StateIndex& index, const TimeSource& clock);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  WriteResult RecordSignal(long long application_id, Signal signal);
  WriteResult CreateApplication(const ApplicationSpec& spec, const TokenHash& token_hash,
                                bool declared);
  // Replaces the spec (not the name) of an existing application.
  WriteResult UpdateApplication(const std::string& name, const ApplicationSpec& spec,
                                bool declared);
  WriteResult SetPaused(const std::string& name, bool paused);
  WriteResult ReplaceToken(const std::string& name, const TokenHash& token_hash);
  WriteResult DeleteApplication(const std::string& name);

  // Ping keys (store_ping_keys.cpp). `key.id` and `key.created_at` are assigned here.
  // A key equal to an application's token or to another key is a kConflict.
  WriteResult CreatePingKey(PingKey key);
  WriteResult RevokePingKey(long long id);
  const PingKeyIndex& ping_keys() const { return ping_keys_; }

  // Newest first, at most `limit` rows.
  std::vector<SignalRow> History(long long application_id, int limit);
  // The stored body of one signal of that application, or nullopt.
  std::optional<std::string> SignalBody(long long application_id, long long signal_id);

  // True when the store can commit: the writer runs and the last commit did not fail.
  bool Ready() const;
  int schema_version() const;
  static int LatestSchemaVersion();

 private:
  class WriteContext;
  using StatementCache = std::unordered_map<const char*, std::unique_ptr<SQLite::Statement>>;
  using WriteOp = std::function<WriteResult(WriteContext&)>;
  struct PendingWrite {
    WriteOp op;
    std::promise<WriteResult> promise;
  };

  WriteResult Submit(WriteOp op);
  void WriterLoop();
  void CommitBatch(std::vector<PendingWrite>& batch);
  void LoadIndex();
  void LoadPingKeys();

  StoreOptions options_;
  StateIndex& index_;
  PingKeyIndex ping_keys_;
  const TimeSource& clock_;
  std::unique_ptr<SQLite::Database> writer_db_;
  // Writer thread only. Declared after writer_db_ so they are finalized before it closes.
  StatementCache writer_statements_;
  std::unordered_map<long long, int> history_rows_;  // signal rows per application, once counted
  std::unique_ptr<SQLite::Database> reader_db_;
  std::mutex reader_mutex_;

  std::mutex queue_mutex_;
  std::condition_variable queue_ready_;
  std::deque<PendingWrite> queue_;
  bool stopping_ = false;
  std::atomic<bool> last_commit_failed_{false};
  std::thread writer_;
};

}  // namespace heartbeat
