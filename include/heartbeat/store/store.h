#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "heartbeat/core/application.h"
#include "heartbeat/core/clock.h"
#include "heartbeat/core/flip.h"
#include "heartbeat/core/ping_key.h"
#include "heartbeat/core/signal.h"
#include "heartbeat/core/status_page.h"
#include "heartbeat/core/storage_location.h"
#include "heartbeat/store/badge_key_index.h"
#include "heartbeat/store/ping_key_index.h"
#include "heartbeat/store/state_index.h"
#include "heartbeat/store/store_change_set.h"

namespace SQLite {
class Database;
}  // namespace SQLite

namespace heartbeat {

class FlipLog;
class GroupCommit;
class HistoryRetention;
class StatementCache;
class StoreHealth;
class WalMaintenance;
class WriteContext;
struct PendingWrite;

struct StoreOptions {
  std::string path = StorageLocation::kDefaultPath;  // or StorageLocation::kInMemory
  bool sync_full = true;                             // --storage.sync=full: fsync every commit
  int retention_signals = 100;                       // history rows kept per application
  // --storage.retention.flips: flips older than this are deleted (each application's last one
  // stays).
  Seconds retention_flips = std::chrono::hours(24 * 90);
  // --metrics.job-series-limit: job metric series kept across all applications.
  std::size_t job_series_limit = kDefaultJobSeriesLimit;
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
  BadgeKeyRecord badge_key;                // the committed key, for badge key writes
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

// What the store's files and failures look like now, for the self-metrics.
struct StoreStats {
  long long database_bytes = 0;  // the database file
  long long wal_bytes = 0;       // its -wal file (0 when absent, or for an in-memory store)
  // Failed commits by reason (disk_full, locked, corrupt, io_error, read_only, other), zeros too.
  std::vector<std::pair<std::string, long long>> commit_failures;
};

struct BackupResult {
  long long bytes = 0;
  double seconds = 0;
};

// The durable store: SQLite in WAL mode, numbered migrations, and group commit
// (every write waiting at that moment in a single transaction). Every write
// call blocks until its transaction is committed and the index shows it (or,
// for RecordSignalAsync, answers only then): a 2xx means on disk. The store owns the index;
// everyone else reads it.
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
  // The same without waiting: `on_committed` gets the answer once the signal is
  // committed (or failed), on the committing thread and never inside this call,
  // so it must be quick and must not write to the store itself. The store's
  // destructor waits for every such answer.
  void RecordSignalAsync(long long application_id, Signal signal,
                         std::function<void(WriteResult)> on_committed);
  WriteResult CreateApplication(const ApplicationSpec& spec, const TokenHash& token_hash,
                                bool declared);
  // Replaces the spec (not the name) of an existing application.
  WriteResult UpdateApplication(const std::string& name, const ApplicationSpec& spec,
                                bool declared);
  WriteResult SetPaused(const std::string& name, bool paused);
  WriteResult ReplaceToken(const std::string& name, const TokenHash& token_hash);
  WriteResult DeleteApplication(const std::string& name);
  // Commits every change in one transaction of their own, or none: the first one
  // refused (its answer, naming the application, is returned) or a failed commit
  // rolls all of them back and the index stays as it was; on success the index
  // switches to the result at once. An empty set commits nothing.
  WriteResult Apply(StoreChangeSet changes);

  // Ping keys (store_ping_keys.cpp). `key.id` and `key.created_at` are assigned here.
  // A key equal to an application's token or to another key is a kConflict.
  WriteResult CreatePingKey(PingKey key);
  WriteResult RevokePingKey(long long id);
  const PingKeyIndex& ping_keys() const { return ping_keys_; }

  // Badge keys (store_badge_keys.cpp): `key_hash` is the SHA-256 of a generated key.
  WriteResult CreateBadgeKey(const std::string& team, const TokenHash& key_hash);
  WriteResult RevokeBadgeKey(long long id);
  const BadgeKeyIndex& badge_keys() const { return badge_keys_; }

  // Status pages created through the API (store_status_pages.cpp); the config
  // file's are not stored. A slug already stored is a kConflict.
  WriteResult CreateStatusPage(const StatusPageSpec& page);
  WriteResult DeleteStatusPage(const std::string& slug);
  // By slug.
  std::vector<StatusPageSpec> StatusPages() const;

  // State history (store_flips.cpp). The flips of one application at or after
  // `since` in time order, preceded by the last one before it (the state the
  // window starts in), at most `limit` of the newest.
  std::vector<Flip> Flips(long long application_id, TimePoint since, int limit = 100000);
  // The same for every application, by id.
  std::unordered_map<long long, std::vector<Flip>> FlipsOfAll(TimePoint since);
  // The state last recorded for `app` and since when.
  RecordedState Recorded(const Application& app) const;
  // Records what the clock alone changed since the last flips (dated at the
  // deadlines, so at start it catches up what happened while down), and drops
  // flips past their retention. Returns the number of flips recorded.
  int EvaluateDeadlines();
  // The next instant after `now` at which the clock alone changes a state.
  std::optional<TimePoint> NextDeadline(TimePoint now) const;

  // Newest first, at most `limit` rows.
  std::vector<SignalRow> History(long long application_id, int limit);
  // The stored body of one signal of that application, or nullopt.
  std::optional<std::string> SignalBody(long long application_id, long long signal_id);

  // Copies the database to `destination` (created 0600; it must not exist) with
  // SQLite's online backup in one step from one read snapshot: every write
  // committed before the call is in the copy, and writes go on meanwhile. The
  // copy passes PRAGMA quick_check. Throws std::runtime_error with a sentence.
  BackupResult Backup(const std::string& destination) const;

  // True when the store can commit: the last commit (or, while idle, a probe write) succeeded.
  bool Ready() const;
  // Empty when ready; else why not, with SQLite's error text.
  std::string NotReadyReason() const;
  StoreStats Stats() const;
  const std::string& path() const { return options_.path; }
  int schema_version() const;
  static int LatestSchemaVersion();

 private:
  using WriteOp = std::function<WriteResult(WriteContext&)>;

  void OpenDatabase();
  void LoadIndex();
  void LoadPingKeys();
  void LoadBadgeKeys();
  void LoadStatusPages();
  WriteResult Submit(WriteOp op, bool alone = false);
  void CommitBatch(std::vector<PendingWrite*>& batch);
  // Runs the batch's writes and the retention inside its transaction; returns the answers.
  std::vector<WriteResult> RunBatch(std::vector<PendingWrite*>& batch, WriteContext& context);
  void FailBatch(std::vector<PendingWrite*>& batch, const std::exception& error);
  // Idle work: truncate the WAL; while commits fail, a probe write. True: call again.
  bool WhenIdle();

  StoreOptions options_;
  const TimeSource& clock_;
  std::string uri_;  // what SQLite opens: the path, or a shared in-memory database
  StateIndex index_;
  PingKeyIndex ping_keys_;
  BadgeKeyIndex badge_keys_;
  mutable std::mutex status_pages_mutex_;
  std::map<std::string, StatusPageSpec> status_pages_;  // by slug; published after commits
  std::unique_ptr<StoreHealth> health_;
  std::unique_ptr<SQLite::Database> writer_db_;
  // The committing thread's only (GroupCommit lets one commit at a time). Declared
  // after writer_db_ so they are finalized before it closes.
  std::unique_ptr<StatementCache> writer_statements_;
  std::unique_ptr<HistoryRetention> retention_;
  std::unique_ptr<WalMaintenance> wal_;
  std::unique_ptr<FlipLog> flips_;
  std::atomic<long long> flips_pruned_at_ms_{0};  // the last deletion of flips past retention
  std::unique_ptr<SQLite::Database> reader_db_;
  std::mutex reader_mutex_;
  // Last: its idle thread starts after everything it uses exists and stops before it goes.
  std::unique_ptr<GroupCommit> group_commit_;
};

}  // namespace heartbeat
