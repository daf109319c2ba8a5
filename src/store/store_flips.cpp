// The state history's reads and the clock's writes (the writer records the
// flips of every write itself, store_writer.cpp).
#include <SQLiteCpp/Statement.h>

#include "heartbeat/store/store.h"
#include "store/flip_log.h"
#include "store/write_context.h"

namespace heartbeat {

namespace {

// Flips past their retention are deleted at most this often.
constexpr std::chrono::hours kPruneEvery{1};

Flip ReadFlip(SQLite::Statement& query, int first_column) {
  Flip flip;
  flip.at = FromMillis(query.getColumn(first_column).getInt64());
  flip.from = StateFromName(query.getColumn(first_column + 1).getString()).value_or(State::kNew);
  flip.to = StateFromName(query.getColumn(first_column + 2).getString()).value_or(State::kNew);
  flip.reason = query.getColumn(first_column + 3).getString();
  return flip;
}

}  // namespace

std::vector<Flip> Store::Flips(long long application_id, TimePoint since, int limit) {
  std::lock_guard lock(reader_mutex_);
  // Newest first with the limit, then reversed into time order.
  SQLite::Statement query(
      *reader_db_,
      "SELECT at_ms, from_state, to_state, reason FROM flips WHERE application_id = ?1 AND "
      "(at_ms >= ?2 OR id = (SELECT max(id) FROM flips WHERE application_id = ?1 AND at_ms < ?2)) "
      "ORDER BY at_ms DESC, id DESC LIMIT ?3");
  query.bind(1, static_cast<int64_t>(application_id));
  query.bind(2, static_cast<int64_t>(ToMillis(since)));
  query.bind(3, limit);
  std::vector<Flip> flips;
  while (query.executeStep()) flips.push_back(ReadFlip(query, 0));
  return {flips.rbegin(), flips.rend()};
}

std::unordered_map<long long, std::vector<Flip>> Store::FlipsOfAll(TimePoint since) {
  std::lock_guard lock(reader_mutex_);
  SQLite::Statement query(
      *reader_db_,
      "SELECT application_id, at_ms, from_state, to_state, reason FROM flips WHERE at_ms >= ?1 "
      "OR id IN (SELECT max(id) FROM flips WHERE at_ms < ?1 GROUP BY application_id) "
      "ORDER BY application_id, at_ms, id");
  query.bind(1, static_cast<int64_t>(ToMillis(since)));
  std::unordered_map<long long, std::vector<Flip>> flips;
  while (query.executeStep()) {
    flips[query.getColumn(0).getInt64()].push_back(ReadFlip(query, 1));
  }
  return flips;
}

RecordedState Store::Recorded(const Application& app) const { return flips_->Recorded(app); }

int Store::EvaluateDeadlines() {
  const TimePoint now = clock_.Now();
  const std::vector<ApplicationRecord> apps = index_.Snapshot();
  const bool prune_due = now - FromMillis(flips_pruned_at_ms_) >= kPruneEvery;
  // Checked outside the writer first: most wake-ups find nothing to write.
  if (!prune_due && !flips_->ClockChangedAny(apps, now)) return 0;
  auto recorded = std::make_shared<int>(0);
  const WriteResult result = Submit(
      [this, recorded](WriteContext& context) {
        // The index, read in the writer: nothing else publishes meanwhile.
        *recorded = flips_->RecordClockFlips(context, index_.Snapshot());
        if (context.now() - FromMillis(flips_pruned_at_ms_) >= kPruneEvery) {
          FlipLog::Prune(context, context.now() - options_.retention_flips);
          const long long pruned = ToMillis(context.now());
          context.AfterCommit([this, pruned] { flips_pruned_at_ms_ = pruned; });
        }
        return WriteResult{};
      },
      /*alone=*/true);
  return result.status == WriteStatus::kOk ? *recorded : 0;
}

std::optional<TimePoint> Store::NextDeadline(TimePoint now) const {
  std::optional<TimePoint> next;
  for (const ApplicationRecord& app : index_.Snapshot()) {
    const auto change = NextClockChange(*app, now);
    if (change && (!next || *change < *next)) next = change;
  }
  return next;
}

}  // namespace heartbeat
