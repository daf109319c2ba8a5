#include "heartbeat/store/store.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include <chrono>
#include <filesystem>
#include <unordered_map>

#include "store/application_row.h"
#include "store/flip_log.h"
#include "store/group_commit.h"
#include "store/history_retention.h"
#include "store/job_metrics_rows.h"
#include "store/statement_cache.h"
#include "store/store_file.h"
#include "store/store_health.h"
#include "store/store_operations.h"
#include "store/store_schema.h"
#include "store/wal_maintenance.h"
#include "store/write_context.h"

namespace heartbeat {

namespace {

constexpr int kBusyTimeoutMs = 5000;
// The WAL file is cut back to this after a checkpoint let it restart, whatever
// a long reader (a backup) made it grow to meanwhile.
constexpr const char* kJournalSizeLimit = "PRAGMA journal_size_limit = 4194304";
// The writer truncates the WAL after this much quiet; while commits fail it
// probes this often whether they would work again.
constexpr std::chrono::milliseconds kIdleAfter{1000};

long long FileSize(const std::string& path) {
  std::error_code error;
  const auto size = std::filesystem::file_size(path, error);
  return error ? 0 : static_cast<long long>(size);
}

}  // namespace

Store::Store(StoreOptions options, const TimeSource& clock)
    : options_(std::move(options)), clock_(clock) {
  const bool in_memory = StorageLocation(options_.path).in_memory();
  if (!in_memory) {
    const auto directory = std::filesystem::path(options_.path).parent_path();
    std::error_code error;
    if (!directory.empty()) std::filesystem::create_directories(directory, error);
    if (error) {
      throw std::runtime_error("cannot create the storage directory " + directory.string() + ": " +
                               error.message());
    }
  }
  // A shared in-memory database lets the reader connection see the writer's data in tests.
  uri_ = in_memory ? "file:heartbeat-" + std::to_string(reinterpret_cast<uintptr_t>(this)) +
                         "?mode=memory&cache=shared"
                   : options_.path;
  health_ = std::make_unique<StoreHealth>(options_.path);
  OpenDatabase();
  LoadIndex();
  LoadPingKeys();
  LoadBadgeKeys();
  LoadStatusPages();
  flips_ = std::make_unique<FlipLog>();
  flips_->Load(*writer_db_);
  writer_statements_ = std::make_unique<StatementCache>(*writer_db_);
  retention_ = std::make_unique<HistoryRetention>(options_.retention_signals);
  wal_ = std::make_unique<WalMaintenance>(*writer_db_, *health_, kBusyTimeoutMs);
  group_commit_ =
      std::make_unique<GroupCommit>([this](GroupCommit::Batch& batch) { CommitBatch(batch); },
                                    [this] { return WhenIdle(); }, kIdleAfter);
}

Store::~Store() {
  group_commit_.reset();  // answers every queued write, then its own thread ends
}

void Store::OpenDatabase() {
  const bool in_memory = uri_ != options_.path;
  try {
    if (!in_memory) PrepareDatabaseFile(options_.path);
    const int flags =
        SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_URI | SQLite::OPEN_FULLMUTEX;
    writer_db_ = std::make_unique<SQLite::Database>(uri_, flags, kBusyTimeoutMs);
    writer_db_->exec(options_.sync_full ? "PRAGMA synchronous = FULL"
                                        : "PRAGMA synchronous = NORMAL");
    // 8 MiB instead of SQLite's 2 MiB: random application rows and index pages
    // stay in memory under load (pread showed in the ingest profile), while
    // RSS stays within the 1 KiB per application budget (docs/performance.md).
    writer_db_->exec("PRAGMA cache_size = -8192");
    if (!in_memory) CheckDatabase(*writer_db_, options_.path);
    MigrateSchema(*writer_db_, LatestSchemaVersion());
    // After the migrations: a new file gets its page size before WAL mode fixes it.
    if (!in_memory) writer_db_->exec("PRAGMA journal_mode = WAL");
    writer_db_->exec(kJournalSizeLimit);
    reader_db_ = std::make_unique<SQLite::Database>(
        uri_, SQLite::OPEN_READONLY | SQLite::OPEN_URI | SQLite::OPEN_FULLMUTEX, kBusyTimeoutMs);
  } catch (const SQLite::Exception& error) {
    throw std::runtime_error("cannot open the store " + options_.path + ": " + error.what());
  }
}

int Store::LatestSchemaVersion() { return heartbeat::LatestSchemaVersion(); }

int Store::schema_version() const { return CurrentSchemaVersion(*writer_db_); }

bool Store::Ready() const { return group_commit_ && !health_->failing(); }

std::string Store::NotReadyReason() const {
  if (!group_commit_) return "the store's writer is not running";
  return health_->NotReadyReason();
}

StoreStats Store::Stats() const {
  StoreStats stats;
  if (uri_ == options_.path) {
    stats.database_bytes = FileSize(options_.path);
    stats.wal_bytes = FileSize(options_.path + "-wal");
  }
  stats.commit_failures = health_->Failures();
  return stats;
}

void Store::LoadIndex() {
  std::unordered_map<long long, std::shared_ptr<Application>> loaded;
  SQLite::Statement query(*writer_db_, SelectApplicationsSql());
  while (query.executeStep()) {
    std::shared_ptr<Application> app = ReadApplicationRow(query);
    try {
      app->schedule = store_operations::CompileSchedule(app->spec);
    } catch (const std::exception& error) {
      // A zone removed from the system tz database must not stop the exporter;
      // the application then behaves as if it had no deadline until fixed.
      app->schedule = nullptr;
    }
    loaded[app->id] = std::move(app);
  }
  SQLite::Statement runs(*writer_db_,
                         "SELECT application_id, rid, started_at_ms FROM open_runs "
                         "ORDER BY application_id, started_at_ms");
  while (runs.executeStep()) {
    const auto it = loaded.find(runs.getColumn(0).getInt64());
    if (it == loaded.end()) continue;
    it->second->open_runs.push_back(
        OpenRun{runs.getColumn(1).getString(), FromMillis(runs.getColumn(2).getInt64())});
  }
  LoadJobMetrics(*writer_db_, loaded);
  std::vector<StateIndex::Change> changes;
  changes.reserve(loaded.size());
  for (auto& entry : loaded) changes.push_back({std::move(entry.second), 0});
  index_.Clear();
  index_.Publish(changes);
}

WriteResult Store::RecordSignal(long long application_id, Signal signal) {
  return Submit(
      store_operations::RecordSignal(application_id, std::move(signal), options_.job_series_limit));
}

void Store::RecordSignalAsync(long long application_id, Signal signal,
                              std::function<void(WriteResult)> on_committed) {
  group_commit_->SubmitAsync(
      store_operations::RecordSignal(application_id, std::move(signal), options_.job_series_limit),
      std::move(on_committed));
}

WriteResult Store::CreateApplication(const ApplicationSpec& spec, const TokenHash& token_hash,
                                     bool declared) {
  return Submit(store_operations::CreateApplication(spec, token_hash, declared));
}

WriteResult Store::UpdateApplication(const std::string& name, const ApplicationSpec& spec,
                                     bool declared) {
  return Submit(store_operations::UpdateApplication(name, spec, declared));
}

WriteResult Store::SetPaused(const std::string& name, bool paused) {
  return Submit(store_operations::SetPaused(name, paused));
}

WriteResult Store::ReplaceToken(const std::string& name, const TokenHash& token_hash) {
  return Submit(store_operations::ReplaceToken(name, token_hash));
}

WriteResult Store::DeleteApplication(const std::string& name) {
  return Submit(store_operations::DeleteApplication(name));
}

WriteResult Store::Apply(StoreChangeSet changes) {
  if (changes.empty()) return WriteResult{};
  auto steps = std::make_shared<std::vector<StoreChangeSet::Step>>(std::move(changes.steps_));
  return Submit(
      [steps](WriteContext& context) {
        for (const StoreChangeSet::Step& step : *steps) {
          WriteResult result = step.op(context);
          if (result.status == WriteStatus::kOk) continue;
          result.message = "application \"" + step.application + "\": " + result.message;
          throw WriteAborted(std::move(result));
        }
        return WriteResult{};
      },
      /*alone=*/true);
}

std::vector<SignalRow> Store::History(long long application_id, int limit) {
  std::lock_guard lock(reader_mutex_);
  SQLite::Statement query(*reader_db_,
                          "SELECT id, received_at_ms, kind, exit_status, rid, duration_seconds, "
                          "body_size, remote_address, user_agent, classified_by, matched_keyword "
                          "FROM signals "
                          "WHERE application_id = ? ORDER BY id DESC LIMIT ?");
  query.bind(1, static_cast<int64_t>(application_id));
  // Up to `slack` older rows may still wait for their batched deletion.
  query.bind(2, std::min(limit, options_.retention_signals));
  std::vector<SignalRow> rows;
  while (query.executeStep()) {
    SignalRow row;
    row.id = query.getColumn(0).getInt64();
    row.received_at = FromMillis(query.getColumn(1).getInt64());
    row.kind = query.getColumn(2).getString();
    if (!query.getColumn(3).isNull()) row.exit_status = query.getColumn(3).getInt();
    row.rid = query.getColumn(4).getString();
    if (!query.getColumn(5).isNull()) row.duration_seconds = query.getColumn(5).getDouble();
    row.body_size = query.getColumn(6).getInt64();
    row.remote_address = query.getColumn(7).getString();
    row.user_agent = query.getColumn(8).getString();
    if (!query.getColumn(9).isNull()) row.classified_by = query.getColumn(9).getString();
    row.matched_keyword = query.getColumn(10).getString();
    rows.push_back(std::move(row));
  }
  return rows;
}

std::optional<std::string> Store::SignalBody(long long application_id, long long signal_id) {
  std::lock_guard lock(reader_mutex_);
  SQLite::Statement query(*reader_db_,
                          "SELECT body FROM signals WHERE application_id = ? AND id = ?");
  query.bind(1, static_cast<int64_t>(application_id));
  query.bind(2, static_cast<int64_t>(signal_id));
  if (!query.executeStep()) return std::nullopt;
  const SQLite::Column body = query.getColumn(0);
  if (body.isNull()) return std::string();
  return std::string(static_cast<const char*>(body.getBlob()), body.getBytes());
}

}  // namespace heartbeat
