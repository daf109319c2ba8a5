#include "http/body_fields.h"

#include "heartbeat/core/duration.h"
#include "heartbeat/core/ping_filter.h"
#include "heartbeat/core/validation.h"

namespace heartbeat::http {

Seconds DurationField(const nlohmann::json& value, const std::string& field) {
  if (value.is_number_integer() && value.get<long long>() >= 0)
    return Seconds(value.get<long long>());
  if (value.is_string()) {
    try {
      return ParseDuration(value.get<std::string>());
    } catch (const std::invalid_argument& error) {
      throw std::invalid_argument(field + ": " + error.what());
    }
  }
  throw std::invalid_argument(
      field + " must be a duration such as \"90s\", \"1h30m\" or a number of seconds");
}

std::string StringField(const nlohmann::json& value, const std::string& field) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_null()) return "";
  throw std::invalid_argument(field + " must be a string");
}

bool BoolField(const nlohmann::json& value, const std::string& field) {
  if (!value.is_boolean()) throw std::invalid_argument(field + " must be true or false");
  return value.get<bool>();
}

std::vector<std::string> KeywordsField(const nlohmann::json& value, const std::string& field) {
  if (value.is_null()) return {};
  if (value.is_string()) return SplitKeywords(value.get<std::string>());
  if (!value.is_array()) {
    throw std::invalid_argument(field + " must be a list of strings or one comma-separated string");
  }
  std::vector<std::string> keywords;
  for (const auto& item : value) {
    if (!item.is_string()) throw std::invalid_argument(field + " must be a list of strings");
    keywords.push_back(item.get<std::string>());
  }
  return keywords;
}

std::string CheckImportedSecret(const std::string& secret, const std::string& what) {
  const std::string why = CheckToken(secret);
  return why.empty() ? "" : "an imported " + what + " " + why;
}

}  // namespace heartbeat::http
