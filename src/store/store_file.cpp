#include "store/store_file.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <vector>

#include "heartbeat/log/logging.h"
#include "store/store_schema.h"

namespace heartbeat {

namespace {

std::runtime_error Refused(const std::string& path, const std::string& why) {
  return std::runtime_error("refusing to use " + path + " as the database: " + why);
}

std::string ErrnoText() { return std::strerror(errno); }

void RequireSqliteHeader(const std::string& path, std::uintmax_t size) {
  if (size == 0) {
    throw Refused(path,
                  "the file is empty (0 bytes), so whatever it held is gone; restore a backup "
                  "(see " +
                      std::string(kRestoreDocs) +
                      ") or remove the file to start with an empty database");
  }
  char header[16] = {};
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw Refused(path, "cannot read it: " + ErrnoText());
  const ssize_t got = ::read(fd, header, sizeof(header));
  ::close(fd);
  if (got != static_cast<ssize_t>(sizeof(header)) ||
      std::memcmp(header, "SQLite format 3", sizeof(header)) != 0) {
    throw Refused(path,
                  "it is not an SQLite database (no SQLite header); check --storage.path points "
                  "at heartbeat_exporter's database");
  }
}

void WarnIfOthersCanRead(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0 || (info.st_mode & 077) == 0) return;
  char mode[8];
  std::snprintf(mode, sizeof(mode), "%04o", static_cast<unsigned>(info.st_mode & 07777));
  LogWarn("the database can be read by other users, and it holds job logs; new files are 0600",
          {{"path", path},
           {"mode", mode},
           {"fix", "chmod 600 " + path + " " + path + "-wal " + path + "-shm"}});
}

void CreateMigrated(const std::string& path) {
  const std::string building = path + ".creating";
  std::filesystem::remove(building);  // left by a start that crashed half way: never used
  std::filesystem::remove(building + "-journal");
  CreatePrivateFile(building);
  {
    SQLite::Database db(building, SQLite::OPEN_READWRITE);
    MigrateSchema(db, LatestSchemaVersion());
  }
  SyncFileAndDirectory(building);
  std::error_code error;
  std::filesystem::rename(building, path, error);
  if (error) throw std::runtime_error("cannot create " + path + ": " + error.message());
  SyncFileAndDirectory(path);
}

}  // namespace

void CreatePrivateFile(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) throw std::runtime_error("cannot create " + path + ": " + ErrnoText());
  ::close(fd);
}

void SyncFileAndDirectory(const std::string& path) {
  for (const std::string& target : {path, std::filesystem::path(path).parent_path().string()}) {
    const int fd = ::open(target.empty() ? "." : target.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) continue;
    ::fsync(fd);
    ::close(fd);
  }
}

bool PrepareDatabaseFile(const std::string& path) {
  std::error_code error;
  const auto status = std::filesystem::status(path, error);
  if (std::filesystem::exists(status)) {
    if (!std::filesystem::is_regular_file(status)) throw Refused(path, "it is not a regular file");
    RequireSqliteHeader(path, std::filesystem::file_size(path));
    WarnIfOthersCanRead(path);
    return false;
  }
  if (std::filesystem::exists(path + "-wal")) {
    throw Refused(path,
                  "the file is missing but its write-ahead log " + path +
                      "-wal is there: the database was deleted or moved. Put it back, restore a "
                      "backup (see " +
                      kRestoreDocs +
                      "), or remove the -wal and -shm files to "
                      "start with an empty database");
  }
  CreateMigrated(path);
  return true;
}

void CheckDatabase(SQLite::Database& db, const std::string& path) {
  const int version = CurrentSchemaVersion(db);
  if (version > LatestSchemaVersion()) return;  // MigrateSchema refuses it, saying why
  const int tables = db.execAndGet(
                           "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT "
                           "LIKE 'sqlite_%'")
                         .getInt();
  const bool ours = version > 0 ? db.tableExists("applications") : tables == 0;
  if (!ours) {
    throw Refused(path, "it is an SQLite database of another program (" + std::to_string(tables) +
                            " tables, schema version " + std::to_string(version) +
                            ", no heartbeat_exporter tables); check --storage.path");
  }
  const auto started = std::chrono::steady_clock::now();
  std::vector<std::string> problems;
  try {
    SQLite::Statement check(db, "PRAGMA quick_check(5)");
    while (check.executeStep()) problems.push_back(check.getColumn(0).getString());
  } catch (const SQLite::Exception& error) {
    problems = {error.what()};
  }
  const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - started);
  if (problems.size() == 1 && problems[0] == "ok") {
    LogInfo(
        "store checked",
        {{"path", path}, {"quick_check", "ok"}, {"duration_ms", std::to_string(elapsed.count())}});
    return;
  }
  std::string found;
  for (const std::string& problem : problems) found += (found.empty() ? "" : "; ") + problem;
  throw Refused(path, "it is damaged (PRAGMA quick_check: " + found +
                          "). Restore the latest backup (see " + kRestoreDocs +
                          ") or move the file away to start with an empty database");
}

}  // namespace heartbeat
