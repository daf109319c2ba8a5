// statuscope's POST /signal parameters: query string, urlencoded form and JSON
// body, decoded by httplib as the server decodes them, then merged.
#include <fuzzer/FuzzedDataProvider.h>
#include <httplib.h>

#include "common/fuzz_check.h"
#include "http/request_parameters.h"

namespace {

const char* const kContentTypes[] = {"application/json", "application/json; charset=utf-8",
                                     "application/x-www-form-urlencoded", "text/plain", ""};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider input(data, size);
  const std::string content_type =
      kContentTypes[input.ConsumeIntegralInRange<std::size_t>(0, std::size(kContentTypes) - 1)];
  const std::string query = input.ConsumeRandomLengthString(1024);
  const std::string body = input.ConsumeRemainingBytesAsString();

  httplib::Params decoded;
  httplib::detail::parse_query_text(query, decoded);
  if (content_type == "application/x-www-form-urlencoded") {
    httplib::detail::parse_query_text(body, decoded);
  }
  const heartbeat::http::RequestParameterValues parameters =
      heartbeat::http::ParseRequestParameters(decoded, content_type, body);
  if (!parameters.error.empty()) {
    FUZZ_CHECK(content_type.rfind("application/json", 0) == 0, parameters.error);
    return 0;
  }
  // Nothing httplib decoded is lost unless the JSON body names the same key.
  for (const auto& [key, value] : decoded) FUZZ_CHECK(parameters.values.count(key) == 1, key);
  return 0;
}
