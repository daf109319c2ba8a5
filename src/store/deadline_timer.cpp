#include "heartbeat/store/deadline_timer.h"

#include <algorithm>

#include "heartbeat/log/logging.h"

namespace heartbeat {

DeadlineTimer::DeadlineTimer(Store& store, const TimeSource& clock,
                             std::chrono::milliseconds max_wait)
    : store_(store), clock_(clock), max_wait_(max_wait), thread_([this] { Run(); }) {}

DeadlineTimer::~DeadlineTimer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void DeadlineTimer::Run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    std::chrono::milliseconds wait = max_wait_;
    try {
      store_.EvaluateDeadlines();
      const TimePoint now = clock_.Now();
      if (const auto next = store_.NextDeadline(now)) {
        // A millisecond after the instant: the state function changes at it.
        wait = std::clamp(*next - now + std::chrono::milliseconds(1), std::chrono::milliseconds(1),
                          max_wait_);
      }
    } catch (const std::exception& error) {
      // The store answers failures itself; a throw here must not end the timer.
      LogWarn("evaluating deadlines failed", {{"error", error.what()}});
    }
    lock.lock();
    wake_.wait_for(lock, wait, [this] { return stopping_; });
  }
}

}  // namespace heartbeat
