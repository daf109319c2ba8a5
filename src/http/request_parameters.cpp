#include "http/request_parameters.h"

#include <nlohmann/json.hpp>

#include "heartbeat/core/text.h"

namespace heartbeat::http {

RequestParameterValues ParseRequestParameters(
    const std::multimap<std::string, std::string>& decoded, std::string_view content_type,
    std::string_view body) {
  RequestParameterValues parameters;
  for (const auto& [key, value] : decoded) parameters.values[key] = value;
  if (!StartsWith(content_type, "application/json") || body.empty()) return parameters;
  const auto json = nlohmann::json::parse(body, nullptr, false);
  if (json.is_discarded() || !json.is_object()) {
    parameters.error = "the request body is not a JSON object";
    return parameters;
  }
  for (const auto& [key, value] : json.items()) {
    if (value.is_structured()) {
      parameters.error = "the JSON field \"" + key +
                         "\" is an object or a list; send application, token and status as strings";
      return parameters;
    }
    parameters.values[key] = value.is_string() ? value.get<std::string>()
                             : value.is_null() ? std::string()
                                               : value.dump();
  }
  return parameters;
}

}  // namespace heartbeat::http
