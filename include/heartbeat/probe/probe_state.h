#pragma once

#include <optional>

#include "heartbeat/core/application.h"
#include "heartbeat/core/clock.h"
#include "heartbeat/probe/probe_result.h"

namespace heartbeat {

// A probe's verdict: new until the first determination, then ok or fail.
enum class ProbeVerdict { kNew, kOk, kFail };

const char* ProbeVerdictName(ProbeVerdict verdict);

// The threshold counters of one probe (ELB target health). Pure and copied.
struct ProbeCounters {
  ProbeVerdict verdict = ProbeVerdict::kNew;
  int consecutive_successes = 0;
  int consecutive_failures = 0;
  // A failure not yet at the unhealthy threshold, or a passing "warn" answer.
  bool degraded = false;
  std::optional<TimePoint> changed_at;  // when the verdict last changed
};

// The counters a probe starts from: the verdict its stored record shows (the
// last completion the store holds), so a restart does not forget a failure.
ProbeCounters CountersFromRecord(const Application& app);

// Counts one attempt observed at `now`: ok after healthy_threshold successes in
// a row, fail after unhealthy_threshold failures in a row, unchanged in
// between. Returns true when the verdict changed (that is what the store records).
bool ObserveAttempt(ProbeCounters& counters, const ProbeSpec& probe, const ProbeResult& result,
                    TimePoint now);

}  // namespace heartbeat
