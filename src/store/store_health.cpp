#include "store/store_health.h"

#include <SQLiteCpp/Exception.h>
#include <sqlite3.h>

namespace heartbeat {

const char* StoreFailureName(StoreFailure failure) {
  switch (failure) {
    case StoreFailure::kDiskFull:
      return "disk_full";
    case StoreFailure::kLocked:
      return "locked";
    case StoreFailure::kCorrupt:
      return "corrupt";
    case StoreFailure::kIoError:
      return "io_error";
    case StoreFailure::kReadOnly:
      return "read_only";
    case StoreFailure::kOther:
      break;
  }
  return "other";
}

StoreFailure ClassifyStoreFailure(const std::exception& error) {
  const auto* sqlite = dynamic_cast<const SQLite::Exception*>(&error);
  if (!sqlite) return StoreFailure::kOther;
  switch (sqlite->getErrorCode() & 0xff) {
    case SQLITE_FULL:
      return StoreFailure::kDiskFull;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return StoreFailure::kLocked;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return StoreFailure::kCorrupt;
    case SQLITE_IOERR:
      return StoreFailure::kIoError;
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
      return StoreFailure::kReadOnly;
    default:
      return StoreFailure::kOther;
  }
}

StoreHealth::StoreHealth(std::string path) : path_(std::move(path)) {}

std::string StoreHealth::CommitFailed(const std::exception& error) {
  const StoreFailure failure = ClassifyStoreFailure(error);
  const std::string reason = StoreFailureName(failure);
  ++failures_[static_cast<std::size_t>(failure)];
  Remember(reason, error);
  log_.Log(LogLevel::kError, "commit:" + reason,
           "store commit failed; the writes of this batch were answered 503 and nothing of them "
           "was recorded",
           {{"reason", reason}, {"err", error.what()}, {"path", path_}});
  return std::string("the store could not commit: ") + error.what() +
         "; nothing was recorded, retry";
}

void StoreHealth::ProbeFailed(const std::exception& error) {
  Remember(StoreFailureName(ClassifyStoreFailure(error)), error);
}

void StoreHealth::Remember(const std::string& reason, const std::exception& error) {
  {
    std::lock_guard lock(mutex_);
    reason_ = "the last commit failed (" + reason + "): " + error.what() +
              "; writes are answered 503 until a commit succeeds";
    ++failed_since_;
  }
  failing_ = true;
}

void StoreHealth::CommitSucceeded() {
  if (!failing_.load()) return;
  long long failed = 0;
  {
    std::lock_guard lock(mutex_);
    failed = failed_since_;
    failed_since_ = 0;
    reason_.clear();
  }
  failing_ = false;
  for (const std::string& cause : log_.Active()) {
    if (cause.rfind("commit:", 0) == 0) log_.Forget(cause);
  }
  LogInfo("store commits again", {{"failed_attempts", std::to_string(failed)}, {"path", path_}});
}

std::string StoreHealth::NotReadyReason() const {
  if (!failing_.load()) return "";
  std::lock_guard lock(mutex_);
  return reason_;
}

std::vector<std::pair<std::string, long long>> StoreHealth::Failures() const {
  std::vector<std::pair<std::string, long long>> failures;
  for (std::size_t kind = 0; kind < kStoreFailureKinds; ++kind) {
    failures.emplace_back(StoreFailureName(static_cast<StoreFailure>(kind)),
                          failures_[kind].load());
  }
  return failures;
}

void StoreHealth::Warn(const std::string& cause, const std::string& message,
                       std::vector<LogField> fields) {
  fields.emplace_back("path", path_);
  log_.Log(LogLevel::kWarn, cause, message, std::move(fields));
}

}  // namespace heartbeat
