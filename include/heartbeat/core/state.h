#pragma once

#include <optional>
#include <string>

#include "heartbeat/core/application.h"
#include "heartbeat/core/clock.h"

namespace heartbeat {

// The numeric values are the `heartbeat_state` metric: they are part of the contract.
enum class State { kNew = 0, kOk = 1, kLate = 2, kOutdated = 3, kFail = 4, kPaused = 5 };
inline constexpr int kStateCount = 6;

const char* StateName(State state);

// Why an application is not ok: the `reason` label of heartbeat_state_reason
// (docs/reference.md §2.6). kNone for new, ok and paused.
enum class Reason { kNone, kLate, kNotStarted, kMissed, kOverdue, kTooFast, kFailed };
inline constexpr int kReasonCount = 7;

const char* ReasonName(Reason reason);

struct Evaluation {
  State state = State::kNew;
  Reason reason = Reason::kNone;
  // When the application turns (or turned) late; empty when it has no deadline.
  std::optional<TimePoint> deadline;
  // When it turns (or turned) outdated: the end of the grace period, or
  // sooner by a start window or a run's maximum run time; empty without one.
  std::optional<TimePoint> outdated_at;
};

// Pure: the state of `app` at `now`, from stored facts only (docs/reference.md §2).
Evaluation Evaluate(const Application& app, TimePoint now);

}  // namespace heartbeat
