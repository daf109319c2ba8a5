#include "store/wal_maintenance.h"

#include <SQLiteCpp/Database.h>
#include <sqlite3.h>

#include <string>

#include "store/store_health.h"

namespace heartbeat {

namespace {

// Under sustained load: one PASSIVE checkpoint at least this often, besides SQLite's own.
constexpr std::chrono::seconds kPassiveEvery{5};

}  // namespace

WalMaintenance::WalMaintenance(SQLite::Database& db, StoreHealth& health, int busy_timeout_ms)
    : db_(db),
      health_(health),
      busy_timeout_ms_(busy_timeout_ms),
      last_passive_(std::chrono::steady_clock::now()) {}

void WalMaintenance::AfterCommit() {
  const auto now = std::chrono::steady_clock::now();
  if (now - last_passive_ < kPassiveEvery) return;
  last_passive_ = now;
  Checkpoint(SQLITE_CHECKPOINT_PASSIVE, "passive");
}

void WalMaintenance::WhenIdle() {
  // TRUNCATE waits for readers through the busy handler; the writer must not
  // (writes queue behind it), so it gets no busy time here.
  sqlite3_busy_timeout(db_.getHandle(), 0);
  Checkpoint(SQLITE_CHECKPOINT_TRUNCATE, "truncate");
  sqlite3_busy_timeout(db_.getHandle(), busy_timeout_ms_);
}

bool WalMaintenance::Checkpoint(int mode, const char* name) {
  int wal_frames = 0;
  int checkpointed = 0;
  const int rc =
      sqlite3_wal_checkpoint_v2(db_.getHandle(), nullptr, mode, &wal_frames, &checkpointed);
  if (rc == SQLITE_OK && checkpointed >= wal_frames) return true;
  if (rc == SQLITE_OK || rc == SQLITE_BUSY) {
    health_.Warn(std::string("checkpoint:") + name,
                 "WAL checkpoint could not complete: a reader holds an older snapshot; the WAL "
                 "keeps its size until it ends",
                 {{"mode", name},
                  {"wal_frames", std::to_string(wal_frames)},
                  {"checkpointed_frames", std::to_string(checkpointed)}});
    return false;
  }
  health_.Warn(std::string("checkpoint:") + name, "WAL checkpoint failed",
               {{"mode", name}, {"err", sqlite3_errstr(rc)}});
  return false;
}

}  // namespace heartbeat
