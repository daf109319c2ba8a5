#pragma once

#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "heartbeat/log/logging.h"

namespace heartbeat {

// Logs a recurring failure once per cause: the first occurrence at once, then at
// most one line per `interval`, saying how many were left out meanwhile. A full
// disk under load fails thousands of commits a second; the log gets one line a
// minute per cause, not one per request, and never none.
class RateLimitedLog {
 public:
  using SteadyNow = std::function<std::chrono::steady_clock::time_point()>;

  explicit RateLimitedLog(std::chrono::seconds interval = std::chrono::seconds(60),
                          SteadyNow now = &std::chrono::steady_clock::now);

  // Logs unless this cause was logged less than `interval` ago; returns whether it did.
  // A line after suppressed ones carries `suppressed=<count>`.
  bool Log(LogLevel level, const std::string& cause, const std::string& message,
           std::vector<LogField> fields);
  // The cause is over: its next occurrence is logged at once. Returns how many
  // occurrences were left out of the log since its last line.
  long long Forget(const std::string& cause);
  // Causes seen and not forgotten.
  std::vector<std::string> Active() const;

 private:
  struct Seen {
    std::chrono::steady_clock::time_point logged_at;
    long long suppressed = 0;
  };

  std::chrono::seconds interval_;
  SteadyNow now_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Seen> seen_;
};

}  // namespace heartbeat
