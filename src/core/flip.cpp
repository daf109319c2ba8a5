#include "heartbeat/core/flip.h"

#include <algorithm>
#include <limits>

#include "heartbeat/core/run_windows.h"

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

// Every instant at which the clock alone can change the state of `app`: the
// deadline, the end of the grace period or of a start window, and each open
// run's maximum run time (grace when it has none).
std::vector<TimePoint> ClockInstants(const Application& app, TimePoint now) {
  std::vector<TimePoint> instants;
  const Evaluation evaluation = Evaluate(app, now);
  if (evaluation.deadline) {
    instants.push_back(*evaluation.deadline);
    instants.push_back(PlusSeconds(*evaluation.deadline, app.spec.grace));
    if (app.spec.windows.start_window.count() > 0) {
      instants.push_back(PlusSeconds(*evaluation.deadline, app.spec.windows.start_window));
    }
  }
  if (evaluation.outdated_at) instants.push_back(*evaluation.outdated_at);
  const Seconds max_runtime = EffectiveMaxRuntime(app.spec.windows, app.spec.grace);
  for (const OpenRun& run : app.open_runs) {
    if (max_runtime.count() > 0) instants.push_back(PlusSeconds(run.started_at, max_runtime));
  }
  std::sort(instants.begin(), instants.end());
  instants.erase(std::unique(instants.begin(), instants.end()), instants.end());
  return instants;
}

// Why the clock moved `app` into the state it has at `instant`.
const char* ClockReason(const Application& app, TimePoint instant) {
  const Evaluation evaluation = Evaluate(app, instant);
  switch (evaluation.reason) {
    case Reason::kLate:
      return "deadline passed";
    case Reason::kNotStarted:
      return "start window passed";
    case Reason::kOverdue:
      return "maximum run time passed";
    case Reason::kMissed:
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
    flips.push_back({instant, current, state, ClockReason(app, instant)});
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
    if (after.last_completion_was_failure) return "fail signal";
    // A success that came sooner than min_runtime allows fails the application.
    const TimePoint at = after.last_checkin().value_or(after.created_at);
    return Evaluate(after, at).reason == Reason::kTooFast ? "ok signal, too fast" : "ok signal";
  }
  if (after.last_start != before.last_start) return "start signal";
  if (!(after.spec == before.spec)) return "settings changed";
  return "updated";
}

}  // namespace heartbeat
