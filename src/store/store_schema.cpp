#include "store/store_schema.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Transaction.h>

#include <stdexcept>
#include <string>

namespace heartbeat {

namespace {

// Never edit a migration that has shipped: add a new one.
constexpr const char* kMigrations[] = {
    // 1: applications, their history, and runs that have started but not completed.
    R"sql(
CREATE TABLE applications (
  id                    INTEGER PRIMARY KEY,
  name                  TEXT NOT NULL UNIQUE,
  team                  TEXT NOT NULL DEFAULT '',
  interval_seconds      INTEGER NOT NULL DEFAULT 0,
  schedule              TEXT NOT NULL DEFAULT '',
  timezone              TEXT NOT NULL DEFAULT 'UTC',
  grace_seconds         INTEGER NOT NULL DEFAULT 0,
  manual_resume         INTEGER NOT NULL DEFAULT 0,
  probe                 TEXT,
  token_hash            BLOB NOT NULL UNIQUE,
  paused                INTEGER NOT NULL DEFAULT 0,
  declared              INTEGER NOT NULL DEFAULT 0,
  created_at_ms         INTEGER NOT NULL,
  last_success_ms       INTEGER,
  last_failure_ms       INTEGER,
  last_start_ms         INTEGER,
  last_duration_seconds REAL,
  signals_total         INTEGER NOT NULL DEFAULT 0,
  failures_total        INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE signals (
  id               INTEGER PRIMARY KEY,
  application_id   INTEGER NOT NULL,
  received_at_ms   INTEGER NOT NULL,
  kind             TEXT NOT NULL,
  exit_status      INTEGER,
  rid              TEXT NOT NULL DEFAULT '',
  duration_seconds REAL,
  body_size        INTEGER NOT NULL DEFAULT 0,
  body             BLOB,
  remote_address   TEXT NOT NULL DEFAULT '',
  user_agent       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX signals_by_application ON signals (application_id, id);
CREATE TABLE open_runs (
  application_id INTEGER NOT NULL,
  rid            TEXT NOT NULL,
  started_at_ms  INTEGER NOT NULL,
  PRIMARY KEY (application_id, rid)
) WITHOUT ROWID;
)sql",
    // 2: which completion came last when a success and a failure share a millisecond.
    R"sql(
ALTER TABLE applications ADD COLUMN last_completion_failed INTEGER NOT NULL DEFAULT 0;
)sql",
    // 3: the flag alone says which completion came last (the writer's order, not the
    // clock); rows keep what versions 1 and 2 derived from the timestamps.
    R"sql(
UPDATE applications SET last_completion_failed = CASE
  WHEN last_failure_ms IS NULL THEN 0
  WHEN last_success_ms IS NULL THEN 1
  WHEN last_failure_ms > last_success_ms THEN 1
  WHEN last_failure_ms < last_success_ms THEN 0
  ELSE last_completion_failed END;
)sql",
    // 4: keyword filters and POST-only pings per application (JSON, '' for none),
    // what classified each signal (NULL: the request itself, so the common row
    // stays as small as before), and the teams' ping keys.
    R"sql(
ALTER TABLE applications ADD COLUMN ping_filter TEXT NOT NULL DEFAULT '';
ALTER TABLE signals ADD COLUMN classified_by TEXT;
ALTER TABLE signals ADD COLUMN matched_keyword TEXT;
CREATE TABLE ping_keys (
  id                         INTEGER PRIMARY KEY,
  key_hash                   BLOB NOT NULL UNIQUE,
  team                       TEXT NOT NULL,
  auto_provision             INTEGER NOT NULL DEFAULT 0,
  provision_interval_seconds INTEGER NOT NULL DEFAULT 0,
  provision_schedule         TEXT NOT NULL DEFAULT '',
  provision_timezone         TEXT NOT NULL DEFAULT 'UTC',
  provision_grace_seconds    INTEGER NOT NULL DEFAULT 0,
  created_at_ms              INTEGER NOT NULL
);
)sql",
    // 5: flips (issue 17): every state change of an application, from, to, when and
    // why, including those made by the clock alone; uptime is computed from them.
    // badge_keys: the teams' read-only badge keys, stored as SHA-256 like tokens.
    // status_pages: public status pages created through the API (JSON name lists).
    R"sql(
CREATE TABLE flips (
  id             INTEGER PRIMARY KEY,
  application_id INTEGER NOT NULL,
  at_ms          INTEGER NOT NULL,
  from_state     TEXT NOT NULL,
  to_state       TEXT NOT NULL,
  reason         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX flips_by_application ON flips (application_id, at_ms);
CREATE INDEX flips_by_time ON flips (at_ms);
CREATE TABLE badge_keys (
  id            INTEGER PRIMARY KEY,
  key_hash      BLOB NOT NULL UNIQUE,
  team          TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL
);
CREATE TABLE status_pages (
  slug          TEXT PRIMARY KEY,
  title         TEXT NOT NULL,
  applications  TEXT NOT NULL DEFAULT '[]',
  teams         TEXT NOT NULL DEFAULT '[]',
  created_at_ms INTEGER NOT NULL
);
)sql",
    // 6: custom labels (issue 16) per application (JSON object, '' for none)
    // and the run windows (0: unset).
    R"sql(
ALTER TABLE applications ADD COLUMN labels TEXT NOT NULL DEFAULT '';
ALTER TABLE applications ADD COLUMN start_window_seconds INTEGER NOT NULL DEFAULT 0;
ALTER TABLE applications ADD COLUMN max_runtime_seconds INTEGER NOT NULL DEFAULT 0;
ALTER TABLE applications ADD COLUMN min_runtime_seconds INTEGER NOT NULL DEFAULT 0;
)sql",
    // 7: job metrics (issue 16): each application's last accepted job-metrics text,
    // replaced by every successful completion that carries some.
    R"sql(
CREATE TABLE job_metrics (
  application_id INTEGER PRIMARY KEY,
  body TEXT NOT NULL,
  received_at_ms INTEGER NOT NULL
);
)sql",
};

constexpr int kMigrationCount = static_cast<int>(sizeof(kMigrations) / sizeof(kMigrations[0]));

}  // namespace

int LatestSchemaVersion() { return kMigrationCount; }

int CurrentSchemaVersion(SQLite::Database& db) {
  return db.execAndGet("PRAGMA user_version").getInt();
}

void MigrateSchema(SQLite::Database& db, int target) {
  const int current = CurrentSchemaVersion(db);
  if (current > kMigrationCount) {
    throw std::runtime_error("database schema version " + std::to_string(current) +
                             " is newer than this binary understands (" +
                             std::to_string(kMigrationCount) +
                             "); run the newer heartbeat_exporter or restore a backup");
  }
  if (current == 0) {
    // Only a new, empty file takes this. A signal dirties an application row, an
    // index entry and the tail of the history, each on another page, and every
    // dirty page goes whole into the WAL at commit: 1 KiB pages write a quarter
    // of what SQLite's default 4 KiB pages write (docs/performance.md).
    db.exec("PRAGMA page_size = 1024");
  }
  for (int version = current + 1; version <= target && version <= kMigrationCount; ++version) {
    SQLite::Transaction transaction(db);
    db.exec(kMigrations[version - 1]);
    db.exec("PRAGMA user_version = " + std::to_string(version));
    transaction.commit();
  }
}

}  // namespace heartbeat
