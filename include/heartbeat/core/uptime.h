#pragma once

#include <optional>
#include <vector>

#include "heartbeat/core/clock.h"
#include "heartbeat/core/flip.h"

namespace heartbeat {

// Whether a state counts as up (ok, late: still within the schedule's allowance),
// down (outdated, fail), or is not counted (new, paused: nothing is expected).
enum class Availability { kUp, kDown, kNotCounted };
Availability AvailabilityOf(State state);

// The share of the counted time in [now - window, now] that the application was up,
// from its flips in time order and `initial`, the state before the first of them.
// nullopt when no time in the window counts (new or paused all along). Pure:
// flips before the window only set the state it starts in; later ones are ignored.
std::optional<double> Uptime(const std::vector<Flip>& flips, State initial,
                             std::chrono::milliseconds window, TimePoint now);

// The state in effect at `at` given the flips in time order and the state before them.
State StateAt(const std::vector<Flip>& flips, State initial, TimePoint at);

}  // namespace heartbeat

namespace heartbeat {

// Uptime over the last day, 7 days and 30 days (the pages, badges and the API show these).
struct UptimeWindows {
  std::optional<double> day;
  std::optional<double> week;
  std::optional<double> month;
};

// From the flips of the last 30 days in time order (preceded by the last one
// before, if any) and the state recorded now (the state when there are none).
UptimeWindows UptimeOverWindows(const std::vector<Flip>& flips, State current, TimePoint now);

}  // namespace heartbeat
