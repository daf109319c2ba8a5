#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "heartbeat/core/application.h"
#include "heartbeat/core/clock.h"
#include "heartbeat/core/timestamp.h"

namespace heartbeat {

// A timestamp as FormatTimestamp writes it, or JSON null.
nlohmann::json TimestampOrNull(const std::optional<TimePoint>& time);

// The check object of docs/reference.md §3 (statuscope's fields plus ours). Never the token.
nlohmann::json CheckObject(const Application& app, TimePoint now);

}  // namespace heartbeat
