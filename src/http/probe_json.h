#pragma once

#include <nlohmann/json.hpp>
#include <optional>

#include "heartbeat/core/application.h"

namespace heartbeat::http {

// The management API's "probe" object (docs/reference.md §3.3): every field of
// a ProbeSpec. Reading starts from `current` (a PATCH changes only the fields
// sent; null removes the probe). Throws std::invalid_argument with a sentence.
std::optional<ProbeSpec> ProbeField(const nlohmann::json& value,
                                    const SharedOptional<ProbeSpec>& current);
nlohmann::json ProbeObject(const ProbeSpec& probe);

}  // namespace heartbeat::http
