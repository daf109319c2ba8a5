#pragma once

#include <map>
#include <string>
#include <string_view>

namespace heartbeat::http {

struct RequestParameterValues {
  std::map<std::string, std::string> values;
  std::string error;  // not empty: answer 400 with this sentence
};

// statuscope clients send their parameters in the query string, a form body or
// a JSON object body, later sources winning. `decoded` is what httplib decoded
// from the query string and, for urlencoded bodies, the form (httplib::Params);
// `content_type` and `body` are the request's. JSON values must be scalars:
// objects and lists are refused, never serialized, because serializing is
// recursive and a 1 MiB body nests half a million levels deep.
RequestParameterValues ParseRequestParameters(
    const std::multimap<std::string, std::string>& decoded, std::string_view content_type,
    std::string_view body);

}  // namespace heartbeat::http
