#pragma once

#include <atomic>
#include <chrono>

namespace heartbeat {

using Clock = std::chrono::system_clock;
using TimePoint = std::chrono::time_point<Clock, std::chrono::milliseconds>;
using Seconds = std::chrono::seconds;

// Every state computation takes `now` as an argument; this interface is the one
// place the wall clock is read, so tests of lateness, grace and cron never sleep.
class TimeSource {
 public:
  virtual ~TimeSource() = default;
  virtual TimePoint Now() const = 0;
};

class SystemTimeSource final : public TimeSource {
 public:
  TimePoint Now() const override {
    return std::chrono::time_point_cast<std::chrono::milliseconds>(Clock::now());
  }
};

// A clock the tests move by hand.
class ManualTimeSource final : public TimeSource {
 public:
  explicit ManualTimeSource(TimePoint start) : now_ms_(start.time_since_epoch().count()) {}
  TimePoint Now() const override { return TimePoint(std::chrono::milliseconds(now_ms_.load())); }
  void Set(TimePoint t) { now_ms_ = t.time_since_epoch().count(); }
  void Advance(std::chrono::milliseconds d) { now_ms_ += d.count(); }

 private:
  std::atomic<long long> now_ms_;
};

inline long long ToMillis(TimePoint t) { return t.time_since_epoch().count(); }
inline TimePoint FromMillis(long long ms) { return TimePoint(std::chrono::milliseconds(ms)); }

}  // namespace heartbeat
