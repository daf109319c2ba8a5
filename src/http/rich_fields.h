#pragma once

// The management API's fields for custom labels and run windows (issue 16):
// read from create and patch bodies, written into the check object.

#include <nlohmann/json.hpp>
#include <string>

#include "heartbeat/core/application.h"
#include "heartbeat/core/state.h"

namespace heartbeat::http {

// Applies `labels`, `start_window`, `max_runtime` or `min_runtime`; false for
// any other key. Throws std::invalid_argument naming the field.
bool ApplyRichField(const std::string& key, const nlohmann::json& value, ApplicationSpec& spec);

// `schedule`: a string, null (none), or an array of strings (several schedules).
std::string ScheduleField(const nlohmann::json& value, const std::string& field);

// Adds labels, the run windows (seconds, 0 = unset) and the state's reason.
void AddRichFields(nlohmann::json& check, const Application& app, const Evaluation& evaluation);

}  // namespace heartbeat::http
