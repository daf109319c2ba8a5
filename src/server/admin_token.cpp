#include "heartbeat/server/admin_token.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "heartbeat/core/token.h"

namespace heartbeat {

namespace {

std::string ReadTrimmed(const std::string& path) {
  std::ifstream file(path);
  if (!file)
    throw std::runtime_error("cannot read the admin token file " + path + ": " +
                             std::strerror(errno));
  std::stringstream content;
  content << file.rdbuf();
  std::string token = content.str();
  while (!token.empty() && std::isspace(static_cast<unsigned char>(token.back()))) token.pop_back();
  if (token.empty()) throw std::runtime_error("the admin token file " + path + " is empty");
  return token;
}

}  // namespace

AdminToken LoadOrCreateAdminToken(const std::string& token_file, const std::string& storage_path) {
  AdminToken admin;
  if (!token_file.empty()) {
    admin.token = ReadTrimmed(token_file);
    admin.source = token_file;
    return admin;
  }
  if (storage_path == ":memory:") return admin;
  std::filesystem::path directory = std::filesystem::path(storage_path).parent_path();
  if (directory.empty()) directory = ".";
  const std::string path = (directory / "admin-token").string();
  admin.source = path;
  if (std::filesystem::exists(path)) {
    admin.token = ReadTrimmed(path);
    return admin;
  }
  std::error_code error;
  std::filesystem::create_directories(directory, error);
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
