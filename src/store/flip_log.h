#pragma once

// Private to the store: the state history. Flips are found in the writer,
// inside the batch's transaction, and the last state recorded per application
// is kept in memory (loaded at start) and updated only after a commit.

#include <SQLiteCpp/Database.h>

#include <mutex>
#include <unordered_map>
#include <vector>

#include "heartbeat/core/flip.h"
#include "heartbeat/store/state_index.h"
#include "store/write_context.h"

namespace heartbeat {

class FlipLog {
 public:
  // The last flip of every application (writer's connection, at start).
  void Load(SQLite::Database& db);

  // Writer thread, after a batch's writes: the flips of every record it changed
  // (first what the clock did to the record before, then what the write did),
  // and the removal of the flips of deleted applications.
  void RecordChanges(WriteContext& context, const StateIndex& index);
  // Writer thread, alone in its batch: what the clock alone changed. Returns the count.
  int RecordClockFlips(WriteContext& context, const std::vector<ApplicationRecord>& apps);
  // Deletes flips older than `cutoff`, keeping each application's last one
  // (the state an uptime window starts in).
  static void Prune(WriteContext& context, TimePoint cutoff);

  // Any thread: the state recorded for `app`; an application with no flip is new since its
  // creation.
  RecordedState Recorded(const Application& app) const;
  // Any thread: true when the clock changed the state of one of `apps` since it was recorded.
  bool ClockChangedAny(const std::vector<ApplicationRecord>& apps, TimePoint now) const;

 private:
  // Inserts the flips and stages the resulting state for after the commit.
  void Write(WriteContext& context, long long application_id, const std::vector<Flip>& flips);

  mutable std::mutex mutex_;
  std::unordered_map<long long, RecordedState> recorded_;
};

}  // namespace heartbeat
