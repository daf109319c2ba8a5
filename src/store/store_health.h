#pragma once

// Private to the store: whether commits succeed, why not, and saying so once
// per cause in the log, in the metrics and on /-/ready.

#include <array>
#include <atomic>
#include <exception>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "heartbeat/log/rate_limited_log.h"

namespace heartbeat {

// The `reason` label of heartbeat_exporter_store_commit_failures_total.
enum class StoreFailure { kDiskFull, kLocked, kCorrupt, kIoError, kReadOnly, kOther };
inline constexpr std::size_t kStoreFailureKinds = 6;

const char* StoreFailureName(StoreFailure failure);
// From SQLite's result code (SQLITE_FULL: disk_full, SQLITE_BUSY: locked, ...).
StoreFailure ClassifyStoreFailure(const std::exception& error);

class StoreHealth {
 public:
  explicit StoreHealth(std::string path);

  // Counts and logs (once per cause) a failed commit; returns the sentence for its waiters.
  std::string CommitFailed(const std::exception& error);
  // The idle probe write failed too: the reason is updated, nothing is counted
  // (no client write was refused).
  void ProbeFailed(const std::exception& error);
  // A commit went through: readiness returns, and the log says so after a failure.
  void CommitSucceeded();
  bool failing() const { return failing_.load(); }
  // Empty while commits succeed; else why not, for /-/ready.
  std::string NotReadyReason() const;
  // Every reason with its count, zeros included (a series that exists from the start).
  std::vector<std::pair<std::string, long long>> Failures() const;
  // Other store problems (checkpoints), logged once per cause.
  void Warn(const std::string& cause, const std::string& message, std::vector<LogField> fields);

 private:
  std::string path_;
  std::atomic<bool> failing_{false};
  std::array<std::atomic<long long>, kStoreFailureKinds> failures_{};
  mutable std::mutex mutex_;
  std::string reason_;          // for /-/ready while failing
  long long failed_since_ = 0;  // commits failed since the last success
  void Remember(const std::string& reason, const std::exception& error);

  RateLimitedLog log_;
};

}  // namespace heartbeat
