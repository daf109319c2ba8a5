#include "heartbeat/server/admin_token.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include "heartbeat/core/text.h"
#include "heartbeat/core/token.h"

namespace heartbeat {

AdminToken LoadOrCreateAdminToken(const std::string& token_file, const StorageLocation& storage) {
  AdminToken admin;
  if (!token_file.empty()) {
    admin.token = ReadSecretFile(token_file, "admin token file");
    admin.source = token_file;
    return admin;
  }
  if (storage.in_memory()) return admin;
  const std::string path = storage.admin_token_file();
  admin.source = path;
  if (std::filesystem::exists(path)) {
    admin.token = ReadSecretFile(path, "admin token file");
    return admin;
  }
  std::error_code error;
  std::filesystem::create_directories(storage.directory(), error);
  // O_EXCL: two exporters starting at once must not overwrite each other's token.
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0)
    throw std::runtime_error("cannot create the admin token file " + path + ": " +
                             std::strerror(errno));
  admin.token = GenerateToken();
  const std::string line = admin.token + "\n";
  const bool written = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (!written || !synced) throw std::runtime_error("cannot write the admin token file " + path);
  admin.generated = true;
  return admin;
}

}  // namespace heartbeat
