#pragma once

#include <string>
#include <vector>

#include "heartbeat/core/state.h"

namespace heartbeat::web {

// healthchecks.io's three badge states: up (green), late (orange: past the
// deadline, within the grace), down (red: outdated or failed). New and paused
// applications expect nothing yet, so they do not turn a badge red.
enum class BadgeState { kUp, kLate, kDown };

BadgeState BadgeStateOf(State state);
// A team's badge: down if any is down, else late if any is late, else up.
BadgeState CombinedBadgeState(const std::vector<State>& states);
const char* BadgeStateName(BadgeState state);
// The message background colour of the SVG (#4c1, #fe7d37, #e05d44) and its
// shields.io named colour (brightgreen, orange, red).
const char* BadgeColour(BadgeState state);
const char* ShieldsColour(BadgeState state);

// A shields.io-style flat badge: the label on grey, the state on its colour.
// Well-formed XML whatever the label holds (escaped).
std::string BadgeSvg(const std::string& label, BadgeState state);

}  // namespace heartbeat::web
