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

}  // namespace

Evaluation Evaluate(const Application& app, TimePoint now) {
  Evaluation result;
  if (app.paused) {
    result.state = State::kPaused;
    return result;
  }
  const std::optional<TimePoint> checkin = app.last_checkin();
  std::optional<TimePoint> late_at = CompletionDue(app, checkin.value_or(app.created_at));
  std::optional<TimePoint> outdated_at;
  if (late_at) outdated_at = AddSaturating(*late_at, app.spec.grace);

  // A run still going at start + grace is overdue even if the deadline is
  // later. With grace 0 a start sets no deadline: there is no allowance to exceed.
  if (app.spec.grace.count() > 0) {
    if (const auto started = OldestPendingRun(app, checkin)) {
      const TimePoint run_overdue_at = AddSaturating(*started, app.spec.grace);
      if (!outdated_at || run_overdue_at < *outdated_at) {
        outdated_at = run_overdue_at;
        late_at = late_at ? std::min(*late_at, run_overdue_at) : run_overdue_at;
      }
    }
  }
  result.deadline = late_at;

  if (app.last_completion_failed()) {
    result.state = State::kFail;  // fail wins over late and outdated
  } else if (outdated_at && now >= *outdated_at) {
    result.state = State::kOutdated;
  } else if (late_at && now >= *late_at) {
    result.state = State::kLate;
  } else {
    result.state = checkin ? State::kOk : State::kNew;
  }
  return result;
}

}  // namespace heartbeat
