#include "http/login_throttle.h"

#include <algorithm>
#include <cmath>

namespace heartbeat {

double LoginThrottle::Refilled(const Bucket& bucket, Clock::time_point now) const {
  const double gained =
      std::chrono::duration<double>(now - bucket.updated) / std::chrono::duration<double>(refill_);
  return std::min<double>(burst_, bucket.tokens + std::max(0.0, gained));
}

int LoginThrottle::RetryAfter(const std::string& client, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  const auto it = buckets_.find(client);
  if (it == buckets_.end()) return 0;
  const double tokens = Refilled(it->second, now);
  if (tokens >= 1.0) return 0;
  const double wait = (1.0 - tokens) * std::chrono::duration<double>(refill_).count();
  return std::max(1, static_cast<int>(std::ceil(wait)));
}

void LoginThrottle::RecordFailure(const std::string& client, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  auto it = buckets_.find(client);
  if (it == buckets_.end()) {
    if (buckets_.size() >= max_clients_) MakeRoom(now);
    it = buckets_.emplace(client, Bucket{static_cast<double>(burst_), now}).first;
  }
  it->second.tokens = std::max(0.0, Refilled(it->second, now) - 1.0);
  it->second.updated = now;
}

// Forgets the addresses whose bucket has refilled (they are owed nothing); if
// every address is still throttled, forgets them all rather than grow.
void LoginThrottle::MakeRoom(Clock::time_point now) {
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    it = Refilled(it->second, now) >= burst_ ? buckets_.erase(it) : std::next(it);
  }
  if (buckets_.size() >= max_clients_) buckets_.clear();
}

}  // namespace heartbeat
