#pragma once

#include <optional>
#include <string>
#include <vector>

#include "heartbeat/core/application.h"
#include "heartbeat/core/clock.h"
#include "heartbeat/core/state.h"

namespace heartbeat {

// One state change of an application: what it was, what it became, when, and why.
struct Flip {
  TimePoint at{};
  State from = State::kNew;
  State to = State::kNew;
  std::string reason;
};

// The state last recorded for an application and since when.
struct RecordedState {
  State state = State::kNew;
  TimePoint since{};
};

// The state named by StateName, or nullopt.
std::optional<State> StateFromName(const std::string& name);

// The flips of an unchanged record between `recorded.since` and `now`, found by
// evaluating the pure state function at every instant the clock alone can
// change it (the deadline, the end of the grace period, an open run's overdue
// time), each dated at that instant; then a last evaluation at `now` (a state
// recorded before flips existed). Empty when the state did not change.
std::vector<Flip> ClockFlips(const Application& app, RecordedState recorded, TimePoint now);

// The next instant after `now` at which the clock alone can change the state; nullopt if none.
std::optional<TimePoint> NextClockChange(const Application& app, TimePoint now);

// Why a write changed the state, from the record before and after it
// ("ok signal", "paused", "settings changed", ...).
std::string ChangeReason(const Application& before, const Application& after);

}  // namespace heartbeat
