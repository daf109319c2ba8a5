#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "heartbeat/application.h"
#include "heartbeat/clock.h"

namespace heartbeat {

// ISO 8601 UTC with milliseconds: 2026-11-21T22:43:31.123Z.
std::string FormatTimestamp(TimePoint time);
nlohmann::json TimestampOrNull(const std::optional<TimePoint>& time);

// The check object of spec §3 (statuscope's fields plus ours). Never the token.
nlohmann::json CheckObject(const Application& app, TimePoint now);

}  // namespace heartbeat
