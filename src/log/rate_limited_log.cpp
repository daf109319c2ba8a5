#include "heartbeat/log/rate_limited_log.h"

namespace heartbeat {

RateLimitedLog::RateLimitedLog(std::chrono::seconds interval, SteadyNow now)
    : interval_(interval), now_(std::move(now)) {}

bool RateLimitedLog::Log(LogLevel level, const std::string& cause, const std::string& message,
                         std::vector<LogField> fields) {
  long long suppressed = 0;
  {
    std::lock_guard lock(mutex_);
    const auto now = now_();
    const auto it = seen_.find(cause);
    if (it != seen_.end() && now - it->second.logged_at < interval_) {
      ++it->second.suppressed;
      return false;
    }
    Seen& seen = seen_[cause];
    suppressed = seen.suppressed;
    seen = Seen{now, 0};
  }
  if (suppressed > 0) fields.emplace_back("suppressed", std::to_string(suppressed));
  heartbeat::Log(level, message, fields);
  return true;
}

long long RateLimitedLog::Forget(const std::string& cause) {
  std::lock_guard lock(mutex_);
  const auto it = seen_.find(cause);
  if (it == seen_.end()) return 0;
  const long long suppressed = it->second.suppressed;
  seen_.erase(it);
  return suppressed;
}

std::vector<std::string> RateLimitedLog::Active() const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> causes;
  causes.reserve(seen_.size());
  for (const auto& entry : seen_) causes.push_back(entry.first);
  return causes;
}

}  // namespace heartbeat
