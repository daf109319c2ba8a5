// Probe scheduling at scale (docs/performance.md, "Probes"): N probes with one
// interval against one local HTTP server, through the real scheduler and an
// in-memory store. Prints how long the first round took to reach every probe
// (first runs are jittered over one interval), how many attempts each later
// interval saw (N when every probe completes each round within the interval),
// and the CPU the process used per attempt.
//
//   probe_round [probes=1000] [interval_seconds=5] [rounds=3] [concurrency=64]
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>

#include "common/probe_target_server.h"
#include "heartbeat/core/token.h"
#include "heartbeat/probe/probe_scheduler.h"

namespace {

using heartbeat::Seconds;
using SteadyClock = std::chrono::steady_clock;

double CpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

void AddProbes(heartbeat::Store& store, int count, int interval, const std::string& url) {
  for (int i = 0; i < count; ++i) {
    heartbeat::ApplicationSpec spec;
    spec.name = "probe-" + std::to_string(i);
    heartbeat::ProbeSpec probe;
    probe.url = url;
    probe.interval = Seconds(interval);
    probe.timeout = Seconds(2);
    probe.healthy_threshold = 2;
    probe.unhealthy_threshold = 2;
    spec.probe = probe;
    store.CreateApplication(spec, heartbeat::HashToken(spec.name + "-bench-token"), false);
  }
}

bool AllAttempted(const heartbeat::ProbeScheduler& scheduler) {
  for (const heartbeat::ProbeStatus& status : scheduler.Statuses()) {
    if (!status.last) return false;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  const int probes = argc > 1 ? std::atoi(argv[1]) : 1000;
  const int interval = argc > 2 ? std::atoi(argv[2]) : 5;
  const int rounds = argc > 3 ? std::atoi(argv[3]) : 3;
  const int concurrency = argc > 4 ? std::atoi(argv[4]) : 64;
  heartbeat::testing::ProbeTargetServer target(heartbeat::testing::TargetMode::kHealthy);
  heartbeat::SystemTimeSource clock;
  heartbeat::StoreOptions options;
  options.path = heartbeat::StorageLocation::kInMemory;
  heartbeat::Store store(options, clock);
  AddProbes(store, probes, interval, target.url());

  heartbeat::ProbeSchedulerOptions scheduler_options;
  scheduler_options.max_in_flight = concurrency;
  const double cpu_before = CpuSeconds();
  const auto started = SteadyClock::now();
  heartbeat::ProbeScheduler scheduler(store, clock, scheduler_options);
  while (!AllAttempted(scheduler)) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  const double first_round = std::chrono::duration<double>(SteadyClock::now() - started).count();
  std::printf("probes=%d interval=%ds concurrency=%d first_round=%.2fs\n", probes, interval,
              concurrency, first_round);
  // Windows aligned on the start: every probe's attempts are one interval apart from its
  // jittered first run, so each full window holds exactly one attempt of each probe.
  std::this_thread::sleep_until(started + Seconds(interval));
  for (int round = 1; round <= rounds; ++round) {
    const long long before = target.requests();
    std::this_thread::sleep_until(started + Seconds(interval * (round + 1)));
    std::printf("round %d: %lld attempts (expected %d)\n", round, target.requests() - before,
                probes);
  }
  const double cpu = CpuSeconds() - cpu_before;
  std::printf("cpu=%.2fs (scheduler, checkers and the target server) = %.0f us per attempt\n", cpu,
              cpu * 1e6 / static_cast<double>(std::max(1LL, scheduler.attempts())));
  return 0;
}
