#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

namespace heartbeat {

// Limits failed basic-auth attempts per client address with a token bucket:
// `burst` failures at once, then one per `refill`. A throttled attempt is
// answered without running bcrypt, so guessing passwords cannot take the CPU
// (16 guessing clients used both cores before). Memory is bounded by
// `max_clients` addresses; successful logins are never limited.
class LoginThrottle {
 public:
  using Clock = std::chrono::steady_clock;

  LoginThrottle(int burst = 10, Clock::duration refill = std::chrono::seconds(1),
                std::size_t max_clients = 10000)
      : burst_(burst), refill_(refill), max_clients_(max_clients) {}

  // Seconds until `client` may try again; 0 when it may try now.
  int RetryAfter(const std::string& client, Clock::time_point now);
  void RecordFailure(const std::string& client, Clock::time_point now);

 private:
  struct Bucket {
    double tokens;
    Clock::time_point updated;
  };
  double Refilled(const Bucket& bucket, Clock::time_point now) const;
  void MakeRoom(Clock::time_point now);

  const int burst_;
  const Clock::duration refill_;
  const std::size_t max_clients_;
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace heartbeat
