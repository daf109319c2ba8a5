#include "heartbeat/core/storage_location.h"

#include <filesystem>

namespace heartbeat {

StorageLocation StorageLocation::InDirectory(const std::string& directory) {
  const std::filesystem::path file = std::filesystem::path(directory.empty() ? "." : directory) /
                                     std::filesystem::path(kDefaultPath).filename();
  return StorageLocation(file.string());
}

std::string StorageLocation::directory() const {
  const std::filesystem::path parent = std::filesystem::path(path_).parent_path();
  return parent.empty() ? "." : parent.string();
}

std::string StorageLocation::admin_token_file() const {
  if (in_memory()) return "";
  return (std::filesystem::path(directory()) / "admin-token").string();
}

}  // namespace heartbeat
