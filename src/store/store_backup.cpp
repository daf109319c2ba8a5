// Online backup: SQLite's backup API from a connection of its own.
#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/Database.h>

#include <chrono>
#include <filesystem>

#include "heartbeat/log/logging.h"
#include "heartbeat/store/store.h"
#include "store/store_file.h"

namespace heartbeat {

namespace {

void QuickCheck(SQLite::Database& db, const std::string& path) {
  const std::string result = db.execAndGet("PRAGMA quick_check(1)").getString();
  if (result != "ok") {
    throw std::runtime_error("the copy " + path + " failed its quick_check: " + result);
  }
}

}  // namespace

BackupResult Store::Backup(const std::string& destination) const {
  const auto started = std::chrono::steady_clock::now();
  CreatePrivateFile(destination);  // 0600 before a byte is in it; refuses an existing file
  try {
    {
      SQLite::Database source(uri_, SQLite::OPEN_READONLY | SQLite::OPEN_URI, 5000);
      SQLite::Database copy(destination, SQLite::OPEN_READWRITE);
      // One step copies every page from one read snapshot. In small steps, each
      // commit of the writer (another connection) would restart the copy, and
      // under steady ingest it would never finish. The snapshot keeps the WAL
      // from being checkpointed past it for the copy's duration.
      SQLite::Backup backup(copy, source);
      backup.executeStep(-1);
      QuickCheck(copy, destination);
    }
    SyncFileAndDirectory(destination);
  } catch (const std::exception& error) {
    std::error_code ignored;
    std::filesystem::remove(destination, ignored);
    throw std::runtime_error("the backup of " + options_.path + " to " + destination +
                             " failed: " + error.what());
  }
  BackupResult result;
  result.bytes = static_cast<long long>(std::filesystem::file_size(destination));
  result.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  LogInfo("store backed up", {{"path", options_.path},
                              {"to", destination},
                              {"bytes", std::to_string(result.bytes)},
                              {"seconds", std::to_string(result.seconds)}});
  return result;
}

}  // namespace heartbeat
