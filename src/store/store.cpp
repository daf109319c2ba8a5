#include "heartbeat/store/store.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "store/ping_filter_json.h"
#include "store/store_schema.h"
#include "store/store_write_context.h"

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
  statement.bind(":ping_filter", PingFilterToText(spec.filter));
}

// Compiles the schedule of a spec that was validated before it was stored.
std::shared_ptr<const Schedule> CompileSchedule(const ApplicationSpec& spec) {
  if (spec.schedule.empty()) return nullptr;
  return Schedule::Parse(spec.schedule, spec.timezone);
}

// Compiles the schedule of a spec about to be written; a bad one is a kInvalid answer.
std::optional<WriteResult> CompileForWrite(const ApplicationSpec& spec,
                                           std::shared_ptr<const Schedule>& schedule) {
  try {
    schedule = CompileSchedule(spec);
    return std::nullopt;
  } catch (const std::exception& error) {
    return WriteFailure(WriteStatus::kInvalid, error.what());
  }
}

}  // namespace

Store::Store(StoreOptions options, StateIndex& index, const TimeSource& clock)
    : options_(std::move(options)), index_(index), clock_(clock) {
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
  try {
    // A shared in-memory database lets the reader connection see the writer's data in tests.
    const std::string uri = in_memory ? "file:heartbeat-" +
                                            std::to_string(reinterpret_cast<uintptr_t>(this)) +
                                            "?mode=memory&cache=shared"
                                      : options_.path;
    const int flags =
        SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_URI | SQLite::OPEN_FULLMUTEX;
    writer_db_ = std::make_unique<SQLite::Database>(uri, flags, 5000);
    writer_db_->exec(options_.sync_full ? "PRAGMA synchronous = FULL"
                                        : "PRAGMA synchronous = NORMAL");
    // 8 MiB instead of SQLite's 2 MiB: random application rows and index pages
    // stay in memory under load (pread showed in the ingest profile), while
    // RSS stays within the 1 KiB per application budget (docs/performance.md).
    writer_db_->exec("PRAGMA cache_size = -8192");
    MigrateSchema(*writer_db_, LatestSchemaVersion());
    // After the migrations: a new file gets its page size before WAL mode fixes it.
    if (!in_memory) writer_db_->exec("PRAGMA journal_mode = WAL");
    reader_db_ = std::make_unique<SQLite::Database>(
        uri, SQLite::OPEN_READONLY | SQLite::OPEN_URI | SQLite::OPEN_FULLMUTEX, 5000);
  } catch (const SQLite::Exception& error) {
    throw std::runtime_error("cannot open the store " + options_.path + ": " + error.what());
  }
  LoadIndex();
  LoadPingKeys();
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
      "last_duration_seconds, signals_total, failures_total, last_completion_failed, "
      "ping_filter FROM applications");
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
    app->spec.filter = PingFilterFromText(query.getColumn(20).getString());
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

WriteResult Store::RecordSignal(long long application_id, Signal signal) {
  return Submit([application_id, signal = std::move(signal)](WriteContext& context) mutable {
    std::shared_ptr<Application> app = context.Mutable(application_id);
    if (!app) return WriteFailure(WriteStatus::kNotFound, "not found");
    signal.received_at = context.now();
    const std::vector<OpenRun> runs_before = app->open_runs;
    WriteResult result;
    result.duration_seconds = ApplySignal(*app, signal);

    SQLite::Statement& insert = context.Prepared(
        "INSERT INTO signals (application_id, received_at_ms, kind, exit_status, rid, "
        "duration_seconds, body_size, body, remote_address, user_agent, classified_by, "
        "matched_keyword) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
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
    // NULL for the common case (the request decided): no bytes spent on it.
    if (signal.classified_by == ClassifiedBy::kRequest) {
      insert.bind(11);
    } else {
      insert.bind(11, ClassifiedByName(signal.classified_by));
    }
    if (signal.matched_keyword.empty()) {
      insert.bind(12);
    } else {
      insert.bind(12, signal.matched_keyword);
    }
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
      return WriteFailure(WriteStatus::kConflict,
                          "an application named \"" + spec.name + "\" already exists");
    }
    if (context.TokenInUse(token_hash)) {
      return WriteFailure(WriteStatus::kConflict,
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
        "grace_seconds, manual_resume, probe, ping_filter, token_hash, paused, declared, "
        "created_at_ms) VALUES (:name, :team, :interval, :schedule, :timezone, :grace, "
        ":manual_resume, :probe, :ping_filter, :token_hash, 0, :declared, :created_at)");
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
    if (!app) return WriteFailure(WriteStatus::kNotFound, "no application named \"" + name + "\"");
    app->spec = spec;
    app->spec.name = name;
    app->schedule = schedule;
    app->declared = declared;
    SQLite::Statement& update = context.Prepared(
        "UPDATE applications SET team = :team, interval_seconds = :interval, schedule = "
        ":schedule, timezone = :timezone, grace_seconds = :grace, manual_resume = "
        ":manual_resume, probe = :probe, ping_filter = :ping_filter, declared = :declared "
        "WHERE id = :id");
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
    if (!app) return WriteFailure(WriteStatus::kNotFound, "no application named \"" + name + "\"");
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
    if (!app) return WriteFailure(WriteStatus::kNotFound, "no application named \"" + name + "\"");
    if (app->token_hash != token_hash && context.TokenInUse(token_hash)) {
      return WriteFailure(WriteStatus::kConflict,
                          "that token is already used by another application");
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
    if (!app) return WriteFailure(WriteStatus::kNotFound, "no application named \"" + name + "\"");
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
