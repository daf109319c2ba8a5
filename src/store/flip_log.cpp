#include "store/flip_log.h"

#include <SQLiteCpp/Statement.h>

namespace heartbeat {

void FlipLog::Load(SQLite::Database& db) {
  SQLite::Statement query(db,
                          "SELECT application_id, to_state, at_ms FROM flips WHERE id IN "
                          "(SELECT max(id) FROM flips GROUP BY application_id)");
  std::lock_guard lock(mutex_);
  recorded_.clear();
  while (query.executeStep()) {
    const auto state = StateFromName(query.getColumn(1).getString());
    if (!state) continue;  // a name from a newer binary: re-evaluated as unknown
    recorded_[query.getColumn(0).getInt64()] = {*state, FromMillis(query.getColumn(2).getInt64())};
  }
}

RecordedState FlipLog::Recorded(const Application& app) const {
  std::lock_guard lock(mutex_);
  const auto it = recorded_.find(app.id);
  if (it != recorded_.end()) return it->second;
  return {State::kNew, app.created_at};
}

bool FlipLog::ClockChangedAny(const std::vector<ApplicationRecord>& apps, TimePoint now) const {
  for (const ApplicationRecord& app : apps) {
    if (!ClockFlips(*app, Recorded(*app), now).empty()) return true;
  }
  return false;
}

void FlipLog::Write(WriteContext& context, long long application_id,
                    const std::vector<Flip>& flips) {
  if (flips.empty()) return;
  for (const Flip& flip : flips) {
    ScopedStatement insert = context.Use(
        "INSERT INTO flips (application_id, at_ms, from_state, to_state, reason) "
        "VALUES (?, ?, ?, ?, ?)");
    insert->bind(1, static_cast<int64_t>(application_id));
    insert->bind(2, static_cast<int64_t>(ToMillis(flip.at)));
    insert->bind(3, StateName(flip.from));
    insert->bind(4, StateName(flip.to));
    insert->bind(5, flip.reason);
    insert->exec();
  }
  const RecordedState last{flips.back().to, flips.back().at};
  context.AfterCommit([this, application_id, last] {
    std::lock_guard lock(mutex_);
    recorded_[application_id] = last;
  });
}

void FlipLog::RecordChanges(WriteContext& context, const StateIndex& index) {
  const TimePoint now = context.now();
  for (const StateIndex::Change& change : context.Changes()) {
    if (!change.record) continue;
    const ApplicationRecord before = index.FindById(change.record->id);
    if (!before) continue;  // created in this batch: new since its creation, nothing to record
    // The writer's hot path: the clock only moves a state forward (new or ok to late to
    // outdated), so when the record before the write is still in its recorded state
    // the clock made no flip, and one evaluation is all a signal pays for that.
    const RecordedState recorded = Recorded(*before);
    std::vector<Flip> flips;
    if (Evaluate(*before, now).state != recorded.state) flips = ClockFlips(*before, recorded, now);
    const State was = flips.empty() ? recorded.state : flips.back().to;
    const State is = Evaluate(*change.record, now).state;
    if (is != was) flips.push_back({now, was, is, ChangeReason(*before, *change.record)});
    Write(context, change.record->id, flips);
  }
  for (const long long id : context.removed()) {
    ScopedStatement remove = context.Use("DELETE FROM flips WHERE application_id = ?");
    remove->bind(1, static_cast<int64_t>(id));
    remove->exec();
    context.AfterCommit([this, id] {
      std::lock_guard lock(mutex_);
      recorded_.erase(id);
    });
  }
}

int FlipLog::RecordClockFlips(WriteContext& context, const std::vector<ApplicationRecord>& apps) {
  int count = 0;
  for (const ApplicationRecord& app : apps) {
    const std::vector<Flip> flips = ClockFlips(*app, Recorded(*app), context.now());
    Write(context, app->id, flips);
    count += static_cast<int>(flips.size());
  }
  return count;
}

void FlipLog::Prune(WriteContext& context, TimePoint cutoff) {
  ScopedStatement remove = context.Use(
      "DELETE FROM flips WHERE at_ms < ? AND id NOT IN "
      "(SELECT max(id) FROM flips GROUP BY application_id)");
  remove->bind(1, static_cast<int64_t>(ToMillis(cutoff)));
  remove->exec();
}

}  // namespace heartbeat
