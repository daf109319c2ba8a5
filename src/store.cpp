#include "heartbeat/store.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "heartbeat/store_schema.h"

namespace heartbeat {

namespace {

std::string ProbeToText(const std::optional<ProbeSpec>& probe) {
  if (!probe) return "";
  return nlohmann::json{{"url", probe->url},
                        {"interval", probe->interval.count()},
                        {"timeout", probe->timeout.count()},
                        {"healthy_threshold", probe->healthy_threshold},
                        {"unhealthy_threshold", probe->unhealthy_threshold}}
      .dump();
}

std::optional<ProbeSpec> ProbeFromText(const std::string& text) {
  if (text.empty()) return std::nullopt;
  const auto json = nlohmann::json::parse(text);
  ProbeSpec probe;
  probe.url = json.at("url").get<std::string>();
  probe.interval = Seconds(json.at("interval").get<long long>());
  probe.timeout = Seconds(json.at("timeout").get<long long>());
  probe.healthy_threshold = json.at("healthy_threshold").get<int>();
  probe.unhealthy_threshold = json.at("unhealthy_threshold").get<int>();
  return probe;
}

void BindOptionalTime(SQLite::Statement& statement, int index,
                      const std::optional<TimePoint>& time) {
  if (time) {
    statement.bind(index, static_cast<int64_t>(ToMillis(*time)));
  } else {
    statement.bind(index);
  }
}

std::optional<TimePoint> OptionalTime(const SQLite::Column& column) {
  if (column.isNull()) return std::nullopt;
  return FromMillis(column.getInt64());
}

void BindSpec(SQLite::Statement& statement, const ApplicationSpec& spec) {
  statement.bind(":team", spec.team);
  statement.bind(":interval", static_cast<int64_t>(spec.interval.count()));
  statement.bind(":schedule", spec.schedule);
  statement.bind(":timezone", spec.timezone);
  statement.bind(":grace", static_cast<int64_t>(spec.grace.count()));
  statement.bind(":manual_resume", spec.manual_resume ? 1 : 0);
  const std::string probe = ProbeToText(spec.probe);
  if (probe.empty()) {
    statement.bind(":probe");
  } else {
    statement.bind(":probe", probe);
  }
}

// Compiles the schedule of a spec that was validated before it was stored.
std::shared_ptr<const Schedule> CompileSchedule(const ApplicationSpec& spec) {
  if (spec.schedule.empty()) return nullptr;
  return Schedule::Parse(spec.schedule, spec.timezone);
}

WriteResult Failure(WriteStatus status, std::string message) {
  WriteResult result;
  result.status = status;
  result.message = std::move(message);
  return result;
}

// Compiles the schedule of a spec about to be written; a bad one is a kInvalid answer.
std::optional<WriteResult> CompileForWrite(const ApplicationSpec& spec,
                                           std::shared_ptr<const Schedule>& schedule) {
  try {
    schedule = CompileSchedule(spec);
    return std::nullopt;
  } catch (const std::exception& error) {
    return Failure(WriteStatus::kInvalid, error.what());
  }
}

}  // namespace

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

  bool TokenInUse(const TokenHash& token_hash) const {
    for (const auto& entry : staged_) {
      if (entry.second && entry.second->token_hash == token_hash) return true;
    }
    const ApplicationRecord holder = index_.FindByToken(token_hash);
    if (!holder) return false;
    // The holder may have been removed or re-keyed earlier in this batch.
    const auto staged = staged_.find(holder->id);
    return staged == staged_.end() || (staged->second && staged->second->token_hash == token_hash);
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
  StatementCache& statements_;
};

Store::Store(StoreOptions options, StateIndex& index, const TimeSource& clock)
    : options_(std::move(options)), index_(index), clock_(clock) {
  const bool in_memory = options_.path == ":memory:";
  if (!in_memory) {
    const auto directory = std::filesystem::path(options_.path).parent_path();
    std::error_code error;
    if (!directory.empty()) std::filesystem::create_directories(directory, error);
    if (error) {
      throw std::runtime_error("cannot create the storage directory " + directory.string() + ": " +
                               error.message());
    }
  }
  try {
    // A shared in-memory database lets the reader connection see the writer's data in tests.
    const std::string uri = in_memory ? "file:heartbeat-" +
                                            std::to_string(reinterpret_cast<uintptr_t>(this)) +
                                            "?mode=memory&cache=shared"
                                      : options_.path;
    const int flags =
        SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_URI | SQLite::OPEN_FULLMUTEX;
    writer_db_ = std::make_unique<SQLite::Database>(uri, flags, 5000);
    if (!in_memory) writer_db_->exec("PRAGMA journal_mode = WAL");
    writer_db_->exec(options_.sync_full ? "PRAGMA synchronous = FULL"
                                        : "PRAGMA synchronous = NORMAL");
    // 8 MiB instead of SQLite's 2 MiB: random application rows and index pages
    // stay in memory under load (pread showed in the ingest profile), while
    // RSS stays within the 1 KiB per application budget (docs/performance.md).
    writer_db_->exec("PRAGMA cache_size = -8192");
    MigrateSchema(*writer_db_, LatestSchemaVersion());
    reader_db_ = std::make_unique<SQLite::Database>(
        uri, SQLite::OPEN_READONLY | SQLite::OPEN_URI | SQLite::OPEN_FULLMUTEX, 5000);
  } catch (const SQLite::Exception& error) {
    throw std::runtime_error("cannot open the store " + options_.path + ": " + error.what());
  }
  LoadIndex();
  writer_ = std::thread([this] { WriterLoop(); });
}

Store::~Store() {
  {
    std::lock_guard lock(queue_mutex_);
    stopping_ = true;
  }
  queue_ready_.notify_all();
  if (writer_.joinable()) writer_.join();
}

int Store::LatestSchemaVersion() { return heartbeat::LatestSchemaVersion(); }

int Store::schema_version() const { return CurrentSchemaVersion(*writer_db_); }

bool Store::Ready() const { return writer_.joinable() && !last_commit_failed_.load(); }

void Store::LoadIndex() {
  std::unordered_map<long long, std::shared_ptr<Application>> loaded;
  SQLite::Statement query(
      *writer_db_,
      "SELECT id, name, team, interval_seconds, schedule, timezone, "
      "grace_seconds, manual_resume, probe, token_hash, paused, declared, "
      "created_at_ms, last_success_ms, last_failure_ms, last_start_ms, "
      "last_duration_seconds, signals_total, failures_total, last_completion_failed "
      "FROM applications");
  while (query.executeStep()) {
    auto app = std::make_shared<Application>();
    app->id = query.getColumn(0).getInt64();
    app->spec.name = query.getColumn(1).getString();
    app->spec.team = query.getColumn(2).getString();
    app->spec.interval = Seconds(query.getColumn(3).getInt64());
    app->spec.schedule = query.getColumn(4).getString();
    app->spec.timezone = query.getColumn(5).getString();
    app->spec.grace = Seconds(query.getColumn(6).getInt64());
    app->spec.manual_resume = query.getColumn(7).getInt() != 0;
    app->spec.probe = ProbeFromText(query.getColumn(8).getString());
    const SQLite::Column hash = query.getColumn(9);
    if (hash.getBytes() == static_cast<int>(app->token_hash.size())) {
      std::memcpy(app->token_hash.data(), hash.getBlob(), app->token_hash.size());
    }
    app->paused = query.getColumn(10).getInt() != 0;
    app->declared = query.getColumn(11).getInt() != 0;
    app->created_at = FromMillis(query.getColumn(12).getInt64());
    app->last_success = OptionalTime(query.getColumn(13));
    app->last_failure = OptionalTime(query.getColumn(14));
    app->last_start = OptionalTime(query.getColumn(15));
    const SQLite::Column duration = query.getColumn(16);
    if (!duration.isNull()) app->last_duration_seconds = duration.getDouble();
    app->signals_total = query.getColumn(17).getInt64();
    app->failures_total = query.getColumn(18).getInt64();
    app->last_completion_was_failure = query.getColumn(19).getInt() != 0;
    try {
      app->schedule = CompileSchedule(app->spec);
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
  std::vector<StateIndex::Change> changes;
  changes.reserve(loaded.size());
  for (auto& entry : loaded) changes.push_back({std::move(entry.second), 0});
  index_.Clear();
  index_.Publish(changes);
}

WriteResult Store::Submit(WriteOp op) {
  std::future<WriteResult> done;
  {
    std::lock_guard lock(queue_mutex_);
    if (stopping_)
      return Failure(WriteStatus::kFailed, "the store is shutting down; retry shortly");
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
          Failure(WriteStatus::kFailed, std::string("the store could not commit: ") + error.what() +
                                            "; nothing was recorded, retry"));
    }
    return;
  }
  for (const auto& [id, rows] : history_rows) history_rows_[id] = rows;
  for (long long id : context.removed()) history_rows_.erase(id);
  index_.Publish(context.Changes());
  if (options_.on_commit) {
    options_.on_commit(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(),
        batch.size());
  }
  for (std::size_t i = 0; i < batch.size(); ++i) batch[i].promise.set_value(std::move(results[i]));
}

WriteResult Store::RecordSignal(long long application_id, Signal signal) {
  return Submit([application_id, signal = std::move(signal)](WriteContext& context) mutable {
    std::shared_ptr<Application> app = context.Mutable(application_id);
    if (!app) return Failure(WriteStatus::kNotFound, "not found");
    signal.received_at = context.now();
    const std::vector<OpenRun> runs_before = app->open_runs;
    WriteResult result;
    result.duration_seconds = ApplySignal(*app, signal);

    SQLite::Statement& insert = context.Prepared(
        "INSERT INTO signals (application_id, received_at_ms, kind, exit_status, rid, "
        "duration_seconds, body_size, body, remote_address, user_agent) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, static_cast<int64_t>(app->id));
    insert.bind(2, static_cast<int64_t>(ToMillis(signal.received_at)));
    insert.bind(3, SignalKindName(signal.kind));
    if (signal.exit_status) {
      insert.bind(4, *signal.exit_status);
    } else {
      insert.bind(4);
    }
    insert.bind(5, signal.rid);
    if (result.duration_seconds) {
      insert.bind(6, *result.duration_seconds);
    } else {
      insert.bind(6);
    }
    insert.bind(7, static_cast<int64_t>(signal.body.size()));
    if (signal.body.empty()) {
      insert.bind(8);
    } else {
      insert.bindNoCopy(8, signal.body.data(), static_cast<int>(signal.body.size()));
    }
    insert.bind(9, signal.remote_address);
    insert.bind(10, signal.user_agent);
    insert.exec();

    SQLite::Statement& update = context.Prepared(
        "UPDATE applications SET paused = ?, last_success_ms = ?, last_failure_ms = ?, "
        "last_start_ms = ?, last_duration_seconds = ?, signals_total = ?, failures_total = ?, "
        "last_completion_failed = ? WHERE id = ?");
    update.bind(1, app->paused ? 1 : 0);
    BindOptionalTime(update, 2, app->last_success);
    BindOptionalTime(update, 3, app->last_failure);
    BindOptionalTime(update, 4, app->last_start);
    if (app->last_duration_seconds) {
      update.bind(5, *app->last_duration_seconds);
    } else {
      update.bind(5);
    }
    update.bind(6, static_cast<int64_t>(app->signals_total));
    update.bind(7, static_cast<int64_t>(app->failures_total));
    update.bind(8, app->last_completion_was_failure ? 1 : 0);
    update.bind(9, static_cast<int64_t>(app->id));
    update.exec();

    // Mirror the open runs that this signal opened or closed.
    for (const OpenRun& before : runs_before) {
      const bool still_open =
          std::any_of(app->open_runs.begin(), app->open_runs.end(),
                      [&](const OpenRun& after) { return after.rid == before.rid; });
      if (!still_open) {
        SQLite::Statement& remove =
            context.Prepared("DELETE FROM open_runs WHERE application_id = ? AND rid = ?");
        remove.bind(1, static_cast<int64_t>(app->id));
        remove.bind(2, before.rid);
        remove.exec();
      }
    }
    if (signal.kind == SignalKind::kStart) {
      SQLite::Statement& open = context.Prepared(
          "INSERT OR REPLACE INTO open_runs (application_id, rid, started_at_ms) VALUES (?, ?, ?)");
      open.bind(1, static_cast<int64_t>(app->id));
      open.bind(2, signal.rid);
      open.bind(3, static_cast<int64_t>(ToMillis(signal.received_at)));
      open.exec();
    }
    context.Touched(app->id);
    result.record = app;
    return result;
  });
}

WriteResult Store::CreateApplication(const ApplicationSpec& spec, const TokenHash& token_hash,
                                     bool declared) {
  std::shared_ptr<const Schedule> schedule;
  if (auto invalid = CompileForWrite(spec, schedule)) return *invalid;
  return Submit([spec, token_hash, declared, schedule](WriteContext& context) {
    if (context.MutableByName(spec.name)) {
      return Failure(WriteStatus::kConflict,
                     "an application named \"" + spec.name + "\" already exists");
    }
    if (context.TokenInUse(token_hash)) {
      return Failure(WriteStatus::kConflict,
                     "that token is already used by another application; choose another or "
                     "omit it to have one generated");
    }
    auto app = std::make_shared<Application>();
    app->spec = spec;
    app->schedule = schedule;
    app->token_hash = token_hash;
    app->declared = declared;
    app->created_at = context.now();
    SQLite::Statement& insert = context.Prepared(
        "INSERT INTO applications (name, team, interval_seconds, schedule, timezone, "
        "grace_seconds, manual_resume, probe, token_hash, paused, declared, created_at_ms) "
        "VALUES (:name, :team, :interval, :schedule, :timezone, :grace, :manual_resume, :probe, "
        ":token_hash, 0, :declared, :created_at)");
    insert.bind(":name", spec.name);
    BindSpec(insert, spec);
    insert.bind(":token_hash", token_hash.data(), static_cast<int>(token_hash.size()));
    insert.bind(":declared", declared ? 1 : 0);
    insert.bind(":created_at", static_cast<int64_t>(ToMillis(app->created_at)));
    insert.exec();
    app->id = context.db().getLastInsertRowid();
    context.Created(app);
    WriteResult result;
    result.record = app;
    return result;
  });
}

WriteResult Store::UpdateApplication(const std::string& name, const ApplicationSpec& spec,
                                     bool declared) {
  std::shared_ptr<const Schedule> schedule;
  if (auto invalid = CompileForWrite(spec, schedule)) return *invalid;
  return Submit([name, spec, declared, schedule](WriteContext& context) {
    std::shared_ptr<Application> app = context.MutableByName(name);
    if (!app) return Failure(WriteStatus::kNotFound, "no application named \"" + name + "\"");
    app->spec = spec;
    app->spec.name = name;
    app->schedule = schedule;
    app->declared = declared;
    SQLite::Statement& update = context.Prepared(
        "UPDATE applications SET team = :team, interval_seconds = :interval, schedule = "
        ":schedule, timezone = :timezone, grace_seconds = :grace, manual_resume = "
        ":manual_resume, probe = :probe, declared = :declared WHERE id = :id");
    BindSpec(update, app->spec);
    update.bind(":declared", declared ? 1 : 0);
    update.bind(":id", static_cast<int64_t>(app->id));
    update.exec();
    WriteResult result;
    result.record = app;
    return result;
  });
}

WriteResult Store::SetPaused(const std::string& name, bool paused) {
  return Submit([name, paused](WriteContext& context) {
    std::shared_ptr<Application> app = context.MutableByName(name);
    if (!app) return Failure(WriteStatus::kNotFound, "no application named \"" + name + "\"");
    app->paused = paused;
    SQLite::Statement& update = context.Prepared("UPDATE applications SET paused = ? WHERE id = ?");
    update.bind(1, paused ? 1 : 0);
    update.bind(2, static_cast<int64_t>(app->id));
    update.exec();
    WriteResult result;
    result.record = app;
    return result;
  });
}

WriteResult Store::ReplaceToken(const std::string& name, const TokenHash& token_hash) {
  return Submit([name, token_hash](WriteContext& context) {
    std::shared_ptr<Application> app = context.MutableByName(name);
    if (!app) return Failure(WriteStatus::kNotFound, "no application named \"" + name + "\"");
    if (app->token_hash != token_hash && context.TokenInUse(token_hash)) {
      return Failure(WriteStatus::kConflict, "that token is already used by another application");
    }
    app->token_hash = token_hash;
    SQLite::Statement& update =
        context.Prepared("UPDATE applications SET token_hash = ? WHERE id = ?");
    update.bind(1, token_hash.data(), static_cast<int>(token_hash.size()));
    update.bind(2, static_cast<int64_t>(app->id));
    update.exec();
    WriteResult result;
    result.record = app;
    return result;
  });
}

WriteResult Store::DeleteApplication(const std::string& name) {
  return Submit([name](WriteContext& context) {
    std::shared_ptr<Application> app = context.MutableByName(name);
    if (!app) return Failure(WriteStatus::kNotFound, "no application named \"" + name + "\"");
    for (const char* sql : {"DELETE FROM signals WHERE application_id = ?",
                            "DELETE FROM open_runs WHERE application_id = ?",
                            "DELETE FROM applications WHERE id = ?"}) {
      SQLite::Statement& remove = context.Prepared(sql);
      remove.bind(1, static_cast<int64_t>(app->id));
      remove.exec();
    }
    context.Removed(app->id, app->spec.name);
    return WriteResult{};
  });
}

std::vector<SignalRow> Store::History(long long application_id, int limit) {
  std::lock_guard lock(reader_mutex_);
  SQLite::Statement query(*reader_db_,
                          "SELECT id, received_at_ms, kind, exit_status, rid, duration_seconds, "
                          "body_size, remote_address, user_agent FROM signals "
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
