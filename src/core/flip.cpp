#include "heartbeat/core/flip.h"

#include <algorithm>
#include <limits>

namespace heartbeat {

namespace {

// Saturating like the state function: a stored duration may be any number.
TimePoint PlusSeconds(TimePoint time, Seconds duration) {
  long long millis = 0;
  long long sum = 0;
  if (__builtin_mul_overflow(static_cast<long long>(duration.count()), 1000LL, &millis) ||
      __builtin_add_overflow(ToMillis(time), millis, &sum)) {
    return FromMillis(duration.count() < 0 ? std::numeric_limits<long long>::min()
                                           : std::numeric_limits<long long>::max());
  }
  return FromMillis(sum);
}

// Every instant at which the clock alone can change the state of `app`.
std::vector<TimePoint> ClockInstants(const Application& app, TimePoint now) {
  std::vector<TimePoint> instants;
  const Evaluation evaluation = Evaluate(app, now);
  if (evaluation.deadline) {
    instants.push_back(*evaluation.deadline);
    instants.push_back(PlusSeconds(*evaluation.deadline, app.spec.grace));
  }
  for (const OpenRun& run : app.open_runs) {
    instants.push_back(PlusSeconds(run.started_at, app.spec.grace));
  }
  std::sort(instants.begin(), instants.end());
  instants.erase(std::unique(instants.begin(), instants.end()), instants.end());
  return instants;
}

const char* ClockReason(const Application& app, State to) {
  switch (to) {
    case State::kLate:
      return "deadline passed";
    case State::kOutdated:
      // Without a grace period the deadline itself makes the application outdated.
      return app.spec.grace.count() > 0 ? "grace period passed" : "deadline passed";
    default:
      return "clock";
  }
}

}  // namespace

std::optional<State> StateFromName(const std::string& name) {
  for (int value = 0; value < kStateCount; ++value) {
    const auto state = static_cast<State>(value);
    if (name == StateName(state)) return state;
  }
  return std::nullopt;
}

std::vector<Flip> ClockFlips(const Application& app, RecordedState recorded, TimePoint now) {
  std::vector<Flip> flips;
  State current = recorded.state;
  for (const TimePoint instant : ClockInstants(app, now)) {
    if (instant <= recorded.since || instant > now) continue;
    const State state = Evaluate(app, instant).state;
    if (state == current) continue;
    flips.push_back({instant, current, state, ClockReason(app, state)});
    current = state;
  }
  // A state recorded before this binary kept flips, or an instant missed by
  // the candidates: the evaluation at `now` is what the metrics show.
  const State state = Evaluate(app, now).state;
  if (state != current) flips.push_back({now, current, state, "evaluated"});
  return flips;
}

std::optional<TimePoint> NextClockChange(const Application& app, TimePoint now) {
  for (const TimePoint instant : ClockInstants(app, now)) {
    if (instant > now) return instant;
  }
  return std::nullopt;
}

std::string ChangeReason(const Application& before, const Application& after) {
  if (before.paused != after.paused) return after.paused ? "paused" : "resumed";
  if (after.signals_total != before.signals_total) {
    return after.last_completion_was_failure ? "fail signal" : "ok signal";
  }
  if (after.last_start != before.last_start) return "start signal";
  if (!(after.spec == before.spec)) return "settings changed";
  return "updated";
}

}  // namespace heartbeat
