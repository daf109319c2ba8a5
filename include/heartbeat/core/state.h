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

struct Evaluation {
  State state = State::kNew;
  // When the application turns (or turned) late; empty when it has no deadline.
  std::optional<TimePoint> deadline;
};

// Pure: the state of `app` at `now`, from stored facts only (docs/reference.md §2).
Evaluation Evaluate(const Application& app, TimePoint now);

}  // namespace heartbeat
