#pragma once

#include <string>

#include "heartbeat/core/clock.h"

namespace heartbeat {

// The timing limits of one run beside `grace` (docs/reference.md §2.5). Zero
// means unset for each.
struct RunWindows {
  Seconds start_window{0};  // a start must come within this after the deadline
  Seconds max_runtime{0};   // a started run must complete within this; unset: grace
  Seconds min_runtime{0};   // an ok completion sooner than this after its start is too_fast

  bool operator==(const RunWindows& other) const {
    return start_window == other.start_window && max_runtime == other.max_runtime &&
           min_runtime == other.min_runtime;
  }
};

// The run time after which a started run is overdue: max_runtime, else grace
// (what grace meant before max_runtime existed). Zero: a start sets no limit.
Seconds EffectiveMaxRuntime(const RunWindows& windows, Seconds grace);

// Ranges and contradictions; `has_deadline` is false for an application with
// neither interval nor schedule. Empty when fine, else a sentence naming the field.
std::string CheckRunWindows(const RunWindows& windows, Seconds grace, bool has_deadline);

}  // namespace heartbeat
