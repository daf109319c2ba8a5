#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <queue>
#include <random>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "heartbeat/core/clock.h"
#include "heartbeat/probe/probe_result.h"
#include "heartbeat/probe/probe_state.h"
#include "heartbeat/store/store.h"

namespace heartbeat {

struct ProbeSchedulerOptions {
  // Attempts running at once: the size of the fixed worker pool (--probe.concurrency).
  int max_in_flight = 64;
  // How often the index is read for added, changed, paused and removed probes.
  std::chrono::milliseconds sync_period{1000};
  std::uint32_t jitter_seed = std::random_device{}();
};

// One probe as the metrics show it.
struct ProbeStatus {
  long long application_id = 0;
  std::string application;
  std::string url;
  ProbeCounters counters;
  std::optional<ProbeResult> last;  // empty until the first attempt ends
};

// Polls every probe application of the index: a timer queue (a min-heap by due
// time) feeds a fixed pool of workers, so the number of attempts in flight is
// bounded however many probes exist. First runs are spread over one interval.
// Verdict changes, not attempts, are written to the store as ok/fail signals
// classified "probe". A removed, paused or changed application is re-read
// before each attempt and its result is dropped if it changed meanwhile.
class ProbeScheduler {
 public:
  ProbeScheduler(Store& store, const TimeSource& clock, ProbeSchedulerOptions options = {});
  ~ProbeScheduler();
  ProbeScheduler(const ProbeScheduler&) = delete;
  ProbeScheduler& operator=(const ProbeScheduler&) = delete;

  // Reads the index now (the dispatcher also does every sync_period).
  void Sync();
  std::vector<ProbeStatus> Statuses() const;
  std::optional<ProbeStatus> Status(long long application_id) const;
  // Counts a failure that did not come from an attempt (a Healthchecker.Server
  // client registering again: it restarted, so something is wrong with it).
  void CountFailure(long long application_id, const std::string& reason);
  long long attempts() const { return attempts_.load(); }

 private:
  using SteadyTime = std::chrono::steady_clock::time_point;
  struct Entry {
    std::uint64_t generation = 0;
    std::string application;
    ProbeSpec spec;
    ProbeCounters counters;
    std::optional<ProbeResult> last;
    SteadyTime due;
  };
  struct Due {
    SteadyTime at;
    long long id;
    std::uint64_t generation;
    bool operator>(const Due& other) const { return at > other.at; }
  };
  struct Job {
    long long id = 0;
    std::uint64_t generation = 0;
    ProbeSpec spec;
  };

  void DispatchLoop();
  // Moves due probes to the workers while slots are free; the next wake-up time.
  SteadyTime DispatchDueLocked(SteadyTime now);
  void WorkerLoop();
  void RunJob(const Job& job);
  // Counts the result; true with the signal to record when the verdict changed.
  std::optional<Signal> ObserveLocked(const Job& job, const ProbeResult& result);
  static ProbeStatus StatusOfLocked(long long id, const Entry& entry);
  void RecordChange(const Job& job, const Signal& signal);
  void RescheduleLocked(long long id, std::uint64_t generation);

  Store& store_;
  const TimeSource& clock_;
  ProbeSchedulerOptions options_;
  mutable std::mutex mutex_;
  std::condition_variable dispatch_wake_;
  std::condition_variable work_ready_;
  std::unordered_map<long long, Entry> entries_;
  std::priority_queue<Due, std::vector<Due>, std::greater<Due>> timers_;
  std::deque<Job> ready_;
  int in_flight_ = 0;
  std::uint64_t next_generation_ = 1;
  std::mt19937 jitter_;
  std::atomic<bool> stopping_{false};
  std::atomic<long long> attempts_{0};
  std::vector<std::thread> workers_;
  std::thread dispatcher_;
};

}  // namespace heartbeat
