#pragma once

namespace SQLite {
class Database;
}

namespace heartbeat {

// Numbered migrations kept in PRAGMA user_version. Migration N takes a database
// at version N-1 to N; each runs in its own transaction.
int LatestSchemaVersion();
int CurrentSchemaVersion(SQLite::Database& db);
// Applies every migration above the current version, up to `target` (tests
// stop early to build old databases). Refuses a file newer than this binary.
void MigrateSchema(SQLite::Database& db, int target);

}  // namespace heartbeat
