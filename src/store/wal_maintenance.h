#pragma once

// Private to the store: keeps the WAL small. SQLite's automatic checkpoint
// (PASSIVE, after a commit that leaves the WAL over 1000 pages) does most of it
// once no statement holds a read snapshot; on top of that the writer runs a
// PASSIVE checkpoint at most every few seconds under load and a TRUNCATE
// checkpoint when it goes idle, which gives the WAL's disk space back.

#include <chrono>

namespace SQLite {
class Database;
}

namespace heartbeat {

class StoreHealth;

class WalMaintenance {
 public:
  WalMaintenance(SQLite::Database& db, StoreHealth& health, int busy_timeout_ms);

  // After a successful commit, on the committing thread.
  void AfterCommit();
  // When the writer went idle. Never waits for readers: a reader in the way
  // (a backup, a history read) only postpones the truncation to the next quiet spell.
  void WhenIdle();

 private:
  // Returns false when a reader kept the checkpoint from completing.
  bool Checkpoint(int mode, const char* name);

  SQLite::Database& db_;
  StoreHealth& health_;
  int busy_timeout_ms_;
  std::chrono::steady_clock::time_point last_passive_;
};

}  // namespace heartbeat
