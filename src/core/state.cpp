#include "heartbeat/core/state.h"

#include <algorithm>
#include <limits>

namespace heartbeat {

const char* StateName(State state) {
  switch (state) {
    case State::kNew:
      return "new";
    case State::kOk:
      return "ok";
    case State::kLate:
      return "late";
    case State::kOutdated:
      return "outdated";
    case State::kFail:
      return "fail";
    case State::kPaused:
      return "paused";
  }
  return "unknown";
}

const char* ReasonName(Reason reason) {
  switch (reason) {
    case Reason::kNone:
      return "none";
    case Reason::kLate:
      return "late";
    case Reason::kNotStarted:
      return "not_started";
    case Reason::kMissed:
      return "missed";
    case Reason::kOverdue:
      return "overdue";
    case Reason::kTooFast:
      return "too_fast";
    case Reason::kFailed:
      return "failed";
  }
  return "unknown";
}

namespace {

// `time + duration`, clamped to what a TimePoint holds. Records loaded from the
// database may carry any number (a grace stored before the 100-year cap
// existed); plain chrono arithmetic overflows on those, which is undefined.
TimePoint AddSaturating(TimePoint time, Seconds duration) {
  constexpr long long kMax = std::numeric_limits<long long>::max();
  constexpr long long kMin = std::numeric_limits<long long>::min();
  long long millis = 0;
  long long sum = 0;
  if (__builtin_mul_overflow(duration.count(), 1000LL, &millis) ||
      __builtin_add_overflow(ToMillis(time), millis, &sum)) {
    return FromMillis(duration.count() < 0 ? kMin : kMax);
  }
  return FromMillis(sum);
}

// When the next completion is due, counted from the last completion or, for an
// application that never completed, from its creation (so a job that never runs alerts).
std::optional<TimePoint> CompletionDue(const Application& app, TimePoint since) {
  if (app.schedule) return app.schedule->NextAfter(since);
  if (app.spec.interval.count() > 0) return AddSaturating(since, app.spec.interval);
  return std::nullopt;
}

// The oldest run that started after the last completion. Runs that started
// before it are superseded: the job has proven it runs since.
std::optional<TimePoint> OldestPendingRun(const Application& app,
                                          const std::optional<TimePoint>& checkin) {
  std::optional<TimePoint> oldest;
  for (const OpenRun& run : app.open_runs) {
    if (checkin && run.started_at <= *checkin) continue;
    if (!oldest || run.started_at < *oldest) oldest = run.started_at;
  }
  return oldest;
}

// The times of §2.5: D (late_at) and O (outdated_at), and whether O is bounded
// by a run that started (overdue) or by a start that never came (not started).
struct Deadlines {
  std::optional<TimePoint> late_at;
  std::optional<TimePoint> outdated_at;
  bool running = false;  // a run started after the last completion is still open
  std::optional<TimePoint> not_started_at;
};

Deadlines ComputeDeadlines(const Application& app, const std::optional<TimePoint>& checkin) {
  Deadlines times;
  times.late_at = CompletionDue(app, checkin.value_or(app.created_at));
  if (times.late_at) times.outdated_at = AddSaturating(*times.late_at, app.spec.grace);
  const std::optional<TimePoint> started = OldestPendingRun(app, checkin);
  times.running = started.has_value();
  const RunWindows& windows = app.spec.windows;
  const Seconds max_runtime = EffectiveMaxRuntime(windows, app.spec.grace);
  if (started && max_runtime.count() > 0) {
    // A run still going at start + max run time is overdue even if the
    // deadline is later. An explicit max_runtime also lets a started run go on
    // past D + grace: grace waits for a completion that is not yet due.
    const TimePoint run_overdue_at = AddSaturating(*started, max_runtime);
    const bool explicit_limit = windows.max_runtime.count() > 0;
    if (!times.outdated_at || explicit_limit || run_overdue_at < *times.outdated_at) {
      times.outdated_at = run_overdue_at;
      times.late_at = times.late_at ? std::min(*times.late_at, run_overdue_at) : run_overdue_at;
    }
  } else if (!started && times.late_at && windows.start_window.count() > 0) {
    times.not_started_at = AddSaturating(*times.late_at, windows.start_window);
    times.outdated_at = std::min(*times.outdated_at, *times.not_started_at);
  }
  return times;
}

// An ok completion that came sooner after its start than min_runtime allows.
bool FinishedTooFast(const Application& app) {
  const Seconds min_runtime = app.spec.windows.min_runtime;
  if (min_runtime.count() <= 0 || !app.last_checkin() || app.last_completion_failed()) {
    return false;
  }
  return app.last_duration_seconds &&
         *app.last_duration_seconds < static_cast<double>(min_runtime.count());
}

}  // namespace

Evaluation Evaluate(const Application& app, TimePoint now) {
  Evaluation result;
  if (app.paused) {
    result.state = State::kPaused;
    return result;
  }
  const std::optional<TimePoint> checkin = app.last_checkin();
  const Deadlines times = ComputeDeadlines(app, checkin);
  result.deadline = times.late_at;
  result.outdated_at = times.outdated_at;

  if (app.last_completion_failed()) {
    result = {State::kFail, Reason::kFailed, times.late_at,
              times.outdated_at};  // fail wins over late and outdated
  } else if (FinishedTooFast(app)) {
    result = {State::kFail, Reason::kTooFast, times.late_at, times.outdated_at};
  } else if (times.outdated_at && now >= *times.outdated_at) {
    const Reason why = times.running          ? Reason::kOverdue
                       : times.not_started_at ? Reason::kNotStarted
                                              : Reason::kMissed;
    result = {State::kOutdated, why, times.late_at, times.outdated_at};
  } else if (times.late_at && now >= *times.late_at) {
    result = {State::kLate, Reason::kLate, times.late_at, times.outdated_at};
  } else {
    result.state = checkin ? State::kOk : State::kNew;
  }
  return result;
}

}  // namespace heartbeat
