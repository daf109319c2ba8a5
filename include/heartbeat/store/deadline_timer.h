#pragma once

#include <condition_variable>
#include <mutex>
#include <thread>

#include "heartbeat/core/clock.h"
#include "heartbeat/store/store.h"

namespace heartbeat {

// Records the flips the clock alone makes (an application turning late with no
// request arriving): evaluates the deadlines at start (catching up what
// happened while the exporter was down) and then at the next deadline, at
// least every `max_wait` (a write may have moved a deadline earlier).
class DeadlineTimer {
 public:
  DeadlineTimer(Store& store, const TimeSource& clock,
                std::chrono::milliseconds max_wait = std::chrono::seconds(5));
  ~DeadlineTimer();
  DeadlineTimer(const DeadlineTimer&) = delete;
  DeadlineTimer& operator=(const DeadlineTimer&) = delete;

 private:
  void Run();

  Store& store_;
  const TimeSource& clock_;
  const std::chrono::milliseconds max_wait_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;  // last: started once everything it uses exists
};

}  // namespace heartbeat
