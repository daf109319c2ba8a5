#pragma once

#include <string>

namespace heartbeat {

// What `--storage.path` means, in one place for the server and heartbeatctl:
// the SQLite file, the special in-memory database of the tests, and the
// directory beside it where the server writes its generated admin token.
class StorageLocation {
 public:
  static constexpr const char* kDefaultPath = "data/heartbeat.db";
  static constexpr const char* kInMemory = ":memory:";

  explicit StorageLocation(std::string path = kDefaultPath) : path_(std::move(path)) {}
  // The location whose directory is `directory` (heartbeatctl's --data-dir).
  static StorageLocation InDirectory(const std::string& directory);

  const std::string& path() const { return path_; }
  bool in_memory() const { return path_ == kInMemory; }
  // The directory holding the file; "." for a bare file name.
  std::string directory() const;
  // <directory>/admin-token, where the server writes a generated admin token;
  // empty in memory (nothing is written to disk then).
  std::string admin_token_file() const;

 private:
  std::string path_;
};

}  // namespace heartbeat
