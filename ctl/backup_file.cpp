#include "ctl/backup_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <stdexcept>

namespace heartbeat::ctl {

namespace {

constexpr char kSqliteHeader[] = "SQLite format 3";  // 16 bytes with its NUL

}  // namespace

BackupFile::BackupFile(std::string path) : path_(std::move(path)), partial_(path_ + ".partial") {
  if (std::filesystem::exists(path_)) {
    throw std::runtime_error(path_ + " exists; choose a new file name (a backup never overwrites)");
  }
  fd_ = ::open(partial_.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd_ < 0) {
    throw std::runtime_error("cannot create " + partial_ + ": " + std::strerror(errno));
  }
}

BackupFile::~BackupFile() {
  if (fd_ >= 0) ::close(fd_);
  if (!committed_) std::remove(partial_.c_str());
}

bool BackupFile::Write(const char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t written = ::write(fd_, data, size);
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) return false;
    data += written;
    size -= static_cast<std::size_t>(written);
    bytes_ += written;
  }
  return true;
}

void BackupFile::Commit() {
  char header[sizeof(kSqliteHeader)] = {};
  if (::pread(fd_, header, sizeof(header), 0) != static_cast<ssize_t>(sizeof(header)) ||
      std::memcmp(header, kSqliteHeader, sizeof(header)) != 0) {
    throw std::runtime_error("the server's answer is not an SQLite database; nothing was saved");
  }
  if (::fsync(fd_) != 0 || ::close(fd_) != 0) {
    fd_ = -1;
    throw std::runtime_error("cannot write " + partial_ + ": " + std::strerror(errno));
  }
  fd_ = -1;
  if (std::rename(partial_.c_str(), path_.c_str()) != 0) {
    throw std::runtime_error("cannot rename " + partial_ + " to " + path_ + ": " +
                             std::strerror(errno));
  }
  committed_ = true;
  const std::string directory = std::filesystem::path(path_).parent_path().string();
  const int dir = ::open(directory.empty() ? "." : directory.c_str(), O_RDONLY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
}

}  // namespace heartbeat::ctl
