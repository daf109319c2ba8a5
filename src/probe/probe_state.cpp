#include "heartbeat/probe/probe_state.h"

namespace heartbeat {

const char* ProbeVerdictName(ProbeVerdict verdict) {
  switch (verdict) {
    case ProbeVerdict::kNew:
      return "new";
    case ProbeVerdict::kOk:
      return "ok";
    case ProbeVerdict::kFail:
      return "fail";
  }
  return "unknown";
}

ProbeCounters CountersFromRecord(const Application& app) {
  ProbeCounters counters;
  if (app.last_completion_failed()) {
    counters.verdict = ProbeVerdict::kFail;
  } else if (app.last_success) {
    counters.verdict = ProbeVerdict::kOk;
  }
  return counters;
}

bool ObserveAttempt(ProbeCounters& counters, const ProbeSpec& probe, const ProbeResult& result,
                    TimePoint now) {
  const ProbeVerdict before = counters.verdict;
  if (result.success) {
    ++counters.consecutive_successes;
    counters.consecutive_failures = 0;
    if (counters.consecutive_successes >= probe.healthy_threshold) {
      counters.verdict = ProbeVerdict::kOk;
    }
    counters.degraded = result.warn;
  } else {
    ++counters.consecutive_failures;
    counters.consecutive_successes = 0;
    if (counters.consecutive_failures >= probe.unhealthy_threshold) {
      counters.verdict = ProbeVerdict::kFail;
    }
    counters.degraded = counters.verdict != ProbeVerdict::kFail;
  }
  if (counters.verdict == before) return false;
  counters.changed_at = now;
  return true;
}

}  // namespace heartbeat
