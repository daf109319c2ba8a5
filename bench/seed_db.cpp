// Writes a heartbeat_exporter database with N applications and M history rows
// per application directly, because 10M rows through the HTTP API would take
// longer than the whole benchmark. The schema is the product's own
// (heartbeat::MigrateSchema) and tokens are hashed by heartbeat::HashToken, so
// the exporter opens the file as if it had recorded every row itself.
//
//   seed_db PATH APPLICATIONS SIGNALS_PER_APPLICATION
//
// PATH.meta records what was seeded; when it matches the request and the
// schema of this build (version and text), the file is reused and nothing is written.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>

#include "bench_names.h"
#include "heartbeat/core/token.h"
#include "store/store_schema.h"

namespace {

constexpr long long kIntervalSeconds = 3600;
constexpr long long kGraceSeconds = 300;

// The schema's text, not only its version number: a migration edited in place
// before a release keeps the number but must still invalidate the cache.
std::string SchemaFingerprint() {
  SQLite::Database db(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  heartbeat::MigrateSchema(db, heartbeat::LatestSchemaVersion());
  std::string schema;
  SQLite::Statement query(db, "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name");
  while (query.executeStep()) schema += query.getColumn(0).getString();
  // The page size is part of the file format the migrations choose, too.
  schema += "page_size=" + db.execAndGet("PRAGMA page_size").getString();
  std::ostringstream out;
  out << std::hex << std::hash<std::string>{}(schema);
  return out.str();
}

std::string MetaLine(long applications, long per_application) {
  std::ostringstream out;
  out << "schema=" << heartbeat::LatestSchemaVersion() << "/" << SchemaFingerprint()
      << " applications=" << applications << " signals_per_application=" << per_application;
  return out.str();
}

bool Reusable(const std::string& path, const std::string& meta) {
  if (!std::filesystem::exists(path)) return false;
  std::ifstream in(path + ".meta");
  std::string line;
  return std::getline(in, line) && line == meta;
}

long long NowMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// One application in ten follows a cron schedule in a DST zone, as in a real
// fleet; the rest are hourly interval jobs. Every twentieth run failed.
void InsertApplications(SQLite::Database& db, long applications, long per_application,
                        long long now_ms) {
  SQLite::Statement insert(
      db,
      "INSERT INTO applications (id, name, team, interval_seconds, schedule, timezone, "
      "grace_seconds, token_hash, created_at_ms, last_success_ms, last_failure_ms, "
      "last_start_ms, last_duration_seconds, signals_total, failures_total) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)");
  for (long i = 0; i < applications; ++i) {
    const bool scheduled = i % 10 == 0;
    const heartbeat::TokenHash hash = heartbeat::HashToken(bench::AppToken(i));
    const long long last_ms = now_ms - (i % 3000) * 1000;  // all within their interval: ok
    insert.bind(1, static_cast<int64_t>(i + 1));
    insert.bind(2, bench::AppName(i));
    insert.bind(3, bench::AppTeam(i));
    insert.bind(4, static_cast<int64_t>(scheduled ? 0 : kIntervalSeconds));
    insert.bind(5, scheduled ? "*/15 * * * *" : "");
    insert.bind(6, scheduled ? "Europe/Zurich" : "UTC");
    insert.bind(7, static_cast<int64_t>(kGraceSeconds));
    insert.bind(8, hash.data(), static_cast<int>(hash.size()));
    insert.bind(9, static_cast<int64_t>(now_ms - 30LL * 86400 * 1000));
    insert.bind(10, static_cast<int64_t>(last_ms));
    insert.bind(11, static_cast<int64_t>(last_ms - 20 * kIntervalSeconds * 1000));
    insert.bind(12, static_cast<int64_t>(last_ms - 42000));
    insert.bind(13, 42.0);
    insert.bind(14, static_cast<int64_t>(per_application));
    insert.bind(15, static_cast<int64_t>(per_application / 20));
    insert.exec();
    insert.reset();
  }
}

// Rows go in in time order, applications interleaved, as the exporter writes
// them; the per-application index is rebuilt once afterwards (a sort) instead
// of being updated row by row.
void InsertSignals(SQLite::Database& db, long applications, long per_application,
                   long long now_ms) {
  std::string index_sql;
  {
    SQLite::Statement query(
        db,
        "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'signals' AND "
        "sql IS NOT NULL");
    while (query.executeStep()) index_sql += query.getColumn(0).getString() + ";\n";
    SQLite::Statement names(
        db,
        "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'signals' AND "
        "sql IS NOT NULL");
    std::string drops;
    while (names.executeStep()) drops += "DROP INDEX " + names.getColumn(0).getString() + ";\n";
    db.exec(drops);
  }
  SQLite::Statement insert(db,
                           "INSERT INTO signals (application_id, received_at_ms, kind, "
                           "exit_status, duration_seconds, remote_address, user_agent) "
                           "VALUES (?1, ?2, ?3, ?4, 42.0, '127.0.0.1', 'curl/7.88.1')");
  for (long round = 0; round < per_application; ++round) {
    const long long at_ms = now_ms - (per_application - round) * kIntervalSeconds * 1000;
    const bool failed = round % 20 == 19;
    for (long i = 0; i < applications; ++i) {
      insert.bind(1, static_cast<int64_t>(i + 1));
      insert.bind(2, static_cast<int64_t>(at_ms + i));
      insert.bind(3, failed ? "fail" : "ok");
      if (failed) {
        insert.bind(4, 1);
      } else {
        insert.bind(4, 0);
      }
      insert.exec();
      insert.reset();
    }
  }
  db.exec(index_sql);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: seed_db PATH APPLICATIONS SIGNALS_PER_APPLICATION\n");
    return 2;
  }
  const std::string path = argv[1];
  const long applications = std::atol(argv[2]);
  const long per_application = std::atol(argv[3]);
  if (applications <= 0 || per_application < 0) {
    std::fprintf(stderr, "seed_db: APPLICATIONS must be > 0 and SIGNALS_PER_APPLICATION >= 0\n");
    return 2;
  }
  const std::string meta = MetaLine(applications, per_application);
  if (Reusable(path, meta)) {
    std::printf("seed_db: reusing %s (%s)\n", path.c_str(), meta.c_str());
    return 0;
  }

  const auto started = std::chrono::steady_clock::now();
  for (const char* suffix : {"", "-wal", "-shm", ".meta"}) std::filesystem::remove(path + suffix);
  try {
    SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    heartbeat::MigrateSchema(db, heartbeat::LatestSchemaVersion());
    // A crash while seeding only costs a reseed (the .meta file is written
    // last), so durability is traded for speed here and nowhere else.
    db.exec("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -1048576");
    const long long now_ms = NowMillis();
    SQLite::Transaction transaction(db);
    InsertApplications(db, applications, per_application, now_ms);
    InsertSignals(db, applications, per_application, now_ms);
    transaction.commit();
    // The exporter runs in WAL mode; leave the file the way it would.
    db.exec("PRAGMA journal_mode = WAL");
  } catch (const std::exception& error) {
    std::fprintf(stderr, "seed_db: %s: %s\n", path.c_str(), error.what());
    return 1;
  }
  std::ofstream(path + ".meta") << meta << "\n";
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::printf("seed_db: wrote %s (%s) in %.1f s\n", path.c_str(), meta.c_str(), seconds);
  return 0;
}
