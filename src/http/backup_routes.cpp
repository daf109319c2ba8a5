// POST /api/v1/backup: an online backup of the store, sent as the answer's body.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>

#include "http/request_helpers.h"
#include "http/routes.h"

namespace heartbeat::http {

namespace {

// Beside the database, so the copy needs no other file system's space; the
// name is unique per request.
std::string TemporaryBackupPath(const Store& store) {
  static std::atomic<unsigned> sequence{0};
  std::filesystem::path directory = std::filesystem::path(store.path()).parent_path();
  if (store.path() == ":memory:") directory = std::filesystem::temp_directory_path();
  if (directory.empty()) directory = ".";
  const std::string name =
      ".heartbeat-backup-" + std::to_string(::getpid()) + "-" + std::to_string(++sequence) + ".db";
  return (directory / name).string();
}

void SendFile(httplib::Response& res, const std::string& path, long long bytes) {
  auto file = std::make_shared<std::ifstream>(path, std::ios::binary);
  // Unlinked at once: the open stream still reads it, and the space is given
  // back when the answer is done, however it ends.
  std::error_code ignored;
  std::filesystem::remove(path, ignored);
  res.set_header("Content-Disposition", "attachment; filename=\"heartbeat-backup.db\"");
  res.set_content_provider(
      static_cast<std::size_t>(bytes), "application/vnd.sqlite3",
      [file](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
        char buffer[64 * 1024];
        file->seekg(static_cast<std::streamoff>(offset));
        file->read(buffer, static_cast<std::streamsize>(std::min(length, sizeof(buffer))));
        const std::streamsize got = file->gcount();
        return got > 0 && sink.write(buffer, static_cast<std::size_t>(got));
      });
}

}  // namespace

std::vector<Route> BackupRoutes(HttpContext& context) {
  auto backup = [&context](const httplib::Request&, httplib::Response& res) {
    // One at a time: each holds a read snapshot (the WAL cannot shrink past
    // it) and a copy of the database on disk until it is sent.
    static std::mutex running;
    std::unique_lock lock(running, std::try_to_lock);
    if (!lock.owns_lock()) {
      return ReplyError(res, 409, "a backup is already running; retry when it is done");
    }
    const std::string path = TemporaryBackupPath(context.store);
    BackupResult result;
    try {
      result = context.store.Backup(path);
    } catch (const std::exception& error) {
      return ReplyError(res, 503, std::string(error.what()) + "; nothing was sent");
    }
    res.status = 200;
    SendFile(res, path, result.bytes);
  };
  // The table checks the admin token before the handler runs.
  return {Route{Method::kPost,
                "/api/v1/backup",
                "api",
                Auth::kAdminBearer,
                BodyPolicy::kLimited,
                false,
                backup,
                {}}};
}

}  // namespace heartbeat::http
