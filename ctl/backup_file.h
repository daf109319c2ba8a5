#pragma once

#include <cstddef>
#include <string>

namespace heartbeat::ctl {

// Where a downloaded backup is written: FILE.partial (mode 0600) while it
// arrives, renamed to FILE only when complete, fsynced and shaped like an
// SQLite database, so FILE is never a half backup. Refuses an existing FILE.
class BackupFile {
 public:
  explicit BackupFile(std::string path);
  ~BackupFile();  // removes the partial file unless Commit() succeeded
  BackupFile(const BackupFile&) = delete;
  BackupFile& operator=(const BackupFile&) = delete;

  bool Write(const char* data, std::size_t size);
  // Checks, syncs and renames; throws std::runtime_error with a sentence.
  void Commit();
  long long bytes() const { return bytes_; }

 private:
  std::string path_;
  std::string partial_;
  int fd_ = -1;
  long long bytes_ = 0;
  bool committed_ = false;
};

}  // namespace heartbeat::ctl
