#pragma once

// Reading the fields of the management API's JSON bodies. Each throws
// std::invalid_argument with a sentence naming the field.

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "heartbeat/core/clock.h"

namespace heartbeat::http {

// A duration field: "1h30m" or a number of seconds.
Seconds DurationField(const nlohmann::json& value, const std::string& field);
// A string, or null for "".
std::string StringField(const nlohmann::json& value, const std::string& field);
bool BoolField(const nlohmann::json& value, const std::string& field);
// A keyword list: an array of strings, or one comma-separated string (healthchecks.io's form).
std::vector<std::string> KeywordsField(const nlohmann::json& value, const std::string& field);

// An imported secret (an application's token, a ping key) must be usable in a
// URL path and a form: empty when it is, else a sentence naming `what`.
std::string CheckImportedSecret(const std::string& secret, const std::string& what);

}  // namespace heartbeat::http
