#include "store/store_operations.h"

#include <SQLiteCpp/Statement.h>

#include "heartbeat/core/state.h"
#include "store/application_row.h"
#include "store/job_metrics_admission.h"

namespace heartbeat::store_operations {

namespace {

WriteResult NoSuchApplication(const std::string& name) {
  return WriteFailure(WriteStatus::kNotFound, "no application named \"" + name + "\"");
}

WriteResult Committed(const std::shared_ptr<Application>& app) {
  WriteResult result;
  result.record = app;
  return result;
}

// The tail every change of an existing row shares: write the part, answer the record.
WriteResult WriteRow(WriteContext& context, const std::shared_ptr<Application>& app, RowPart part) {
  ScopedStatement update = context.Use(UpdateApplicationSql(part));
  BindApplicationRow(*update, *app, part);
  update->exec();
  return Committed(app);
}

void InsertSignalRow(WriteContext& context, const Application& app, const Signal& signal,
                     const std::optional<double>& duration) {
  static const char* const kSql =
      "INSERT INTO signals (application_id, received_at_ms, kind, exit_status, rid, "
      "duration_seconds, body_size, body, remote_address, user_agent, classified_by, "
      "matched_keyword) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  ScopedStatement insert = context.Use(kSql);
  insert->bind(1, static_cast<int64_t>(app.id));
  insert->bind(2, static_cast<int64_t>(ToMillis(signal.received_at)));
  insert->bind(3, SignalKindName(signal.kind));
  if (signal.exit_status) insert->bind(4, *signal.exit_status);
  insert->bind(5, signal.rid);
  if (duration) insert->bind(6, *duration);
  insert->bind(7, static_cast<int64_t>(signal.body.size()));
  if (!signal.body.empty()) {
    insert->bindNoCopy(8, signal.body.data(), static_cast<int>(signal.body.size()));
  }
  insert->bind(9, signal.remote_address);
  insert->bind(10, signal.user_agent);
  // Left NULL in the common case (the request decided): no bytes spent on it.
  if (signal.classified_by != ClassifiedBy::kRequest) {
    insert->bind(11, ClassifiedByName(signal.classified_by));
  }
  if (!signal.matched_keyword.empty()) insert->bind(12, signal.matched_keyword);
  insert->exec();
}

// Mirrors the runs the signal closed and opened into open_runs.
void WriteRuns(WriteContext& context, const Application& app, const SignalEffect& effect) {
  for (const std::string& rid : effect.closed_rids) {
    ScopedStatement remove =
        context.Use("DELETE FROM open_runs WHERE application_id = ? AND rid = ?");
    remove->bind(1, static_cast<int64_t>(app.id));
    remove->bind(2, rid);
    remove->exec();
  }
  if (effect.opened) {
    ScopedStatement open = context.Use(
        "INSERT OR REPLACE INTO open_runs (application_id, rid, started_at_ms) VALUES (?, ?, ?)");
    open->bind(1, static_cast<int64_t>(app.id));
    open->bind(2, effect.opened->rid);
    open->bind(3, static_cast<int64_t>(ToMillis(effect.opened->started_at)));
    open->exec();
  }
}

// A success carrying job metrics replaces the application's stored ones, in
// the signal's transaction: the 2xx answer means both are durable. A failure,
// a start or a run that finished too fast (min_runtime) leaves them as they were.
void WriteJobMetrics(WriteContext& context, Application& app, const Signal& signal) {
  if (!signal.job_metrics || signal.kind != SignalKind::kOk) return;
  if (Evaluate(app, context.now()).reason == Reason::kTooFast) return;
  ScopedStatement replace = context.Use(
      "INSERT OR REPLACE INTO job_metrics (application_id, body, received_at_ms) VALUES (?, ?, ?)");
  replace->bind(1, static_cast<int64_t>(app.id));
  replace->bind(2, signal.job_metrics->text);
  replace->bind(3, static_cast<int64_t>(ToMillis(signal.received_at)));
  replace->exec();
  app.job_metrics = signal.job_metrics;
}

// A write whose spec failed to compile: it answers kInvalid without touching anything.
WriteOp Refused(const std::string& message) {
  return [message](WriteContext&) { return WriteFailure(WriteStatus::kInvalid, message); };
}

}  // namespace

std::shared_ptr<const Schedule> CompileSchedule(const ApplicationSpec& spec) {
  if (spec.schedule.empty()) return nullptr;
  return Schedule::Parse(spec.schedule, spec.timezone);
}

WriteOp RecordSignal(long long application_id, Signal signal, std::size_t job_series_limit) {
  return [application_id, signal = std::move(signal),
          job_series_limit](WriteContext& context) mutable {
    std::shared_ptr<Application> app = context.Mutable(application_id);
    if (!app) return WriteFailure(WriteStatus::kNotFound, "not found");
    // Judged before anything changes: a refused push records nothing at all.
    if (signal.job_metrics && signal.kind == SignalKind::kOk) {
      if (auto refusal = AdmitJobMetrics(context, app->id, *signal.job_metrics, job_series_limit)) {
        return *refusal;
      }
    }
    signal.received_at = context.now();
    const SignalEffect effect = ApplySignal(*app, signal);
    InsertSignalRow(context, *app, signal, effect.duration_seconds);
    WriteRuns(context, *app, effect);
    WriteJobMetrics(context, *app, signal);
    context.Touched(app->id);
    WriteResult result = WriteRow(context, app, RowPart::kFacts);
    result.duration_seconds = effect.duration_seconds;
    return result;
  };
}

WriteOp CreateApplication(const ApplicationSpec& spec, const TokenHash& token_hash, bool declared) {
  auto app = std::make_shared<Application>();
  app->spec = spec;
  app->token_hash = token_hash;
  app->declared = declared;
  try {
    app->schedule = CompileSchedule(spec);
  } catch (const std::exception& error) {
    return Refused(error.what());
  }
  return [app](WriteContext& context) {
    if (context.MutableByName(app->spec.name)) {
      return WriteFailure(WriteStatus::kConflict,
                          "an application named \"" + app->spec.name + "\" already exists");
    }
    if (context.TokenInUse(app->token_hash)) {
      return WriteFailure(WriteStatus::kConflict,
                          "that token is already used by another application; choose another or "
                          "omit it to have one generated");
    }
    auto created = std::make_shared<Application>(*app);  // the op may be retried: keep `app`
    created->created_at = context.now();
    ScopedStatement insert = context.Use(InsertApplicationSql());
    BindApplicationRow(*insert, *created);
    insert->exec();
    created->id = context.db().getLastInsertRowid();
    context.Created(created);
    return Committed(created);
  };
}

WriteOp UpdateApplication(const std::string& name, const ApplicationSpec& spec, bool declared) {
  std::shared_ptr<const Schedule> schedule;
  try {
    schedule = CompileSchedule(spec);
  } catch (const std::exception& error) {
    return Refused(error.what());
  }
  return [name, spec, declared, schedule](WriteContext& context) {
    std::shared_ptr<Application> app = context.MutableByName(name);
    if (!app) return NoSuchApplication(name);
    app->spec = spec;
    app->spec.name = name;
    app->schedule = schedule;
    app->declared = declared;
    return WriteRow(context, app, RowPart::kSpec);
  };
}

WriteOp SetPaused(const std::string& name, bool paused) {
  return [name, paused](WriteContext& context) {
    std::shared_ptr<Application> app = context.MutableByName(name);
    if (!app) return NoSuchApplication(name);
    app->paused = paused;
    return WriteRow(context, app, RowPart::kFacts);
  };
}

WriteOp ReplaceToken(const std::string& name, const TokenHash& token_hash) {
  return [name, token_hash](WriteContext& context) {
    std::shared_ptr<Application> app = context.MutableByName(name);
    if (!app) return NoSuchApplication(name);
    if (app->token_hash != token_hash && context.TokenInUse(token_hash)) {
      return WriteFailure(WriteStatus::kConflict,
                          "that token is already used by another application");
    }
    app->token_hash = token_hash;
    context.ClaimToken(app->id, token_hash);
    return WriteRow(context, app, RowPart::kToken);
  };
}

WriteOp DeleteApplication(const std::string& name) {
  return [name](WriteContext& context) {
    std::shared_ptr<Application> app = context.MutableByName(name);
    if (!app) return NoSuchApplication(name);
    for (const char* sql : {"DELETE FROM signals WHERE application_id = ?",
                            "DELETE FROM open_runs WHERE application_id = ?",
                            "DELETE FROM job_metrics WHERE application_id = ?",
                            "DELETE FROM applications WHERE id = ?"}) {
      ScopedStatement remove = context.Use(sql);
      remove->bind(1, static_cast<int64_t>(app->id));
      remove->exec();
    }
    context.Removed(app->id, app->spec.name);
    return WriteResult{};
  };
}

}  // namespace heartbeat::store_operations
