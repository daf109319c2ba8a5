// Healthchecker.Server's /healthchecker/monitor form as the exporter reads it:
// the application name made from a free-text appname, the appname echoed in
// answers, and the probe the form asks for (ranges of reference §2.12).
#include <fuzzer/FuzzedDataProvider.h>

#include <map>
#include <string>

#include "common/fuzz_check.h"
#include "heartbeat/core/text.h"
#include "http/healthchecker_names.h"

namespace {

bool IsNameCharacter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == '-';
}

void CheckApplicationName(const std::string& name) {
  FUZZ_CHECK(name.size() <= 128, name);
  for (char c : name) FUZZ_CHECK(IsNameCharacter(c), name);
  if (!name.empty()) FUZZ_CHECK(name.front() != '-' && name.back() != '-', name);
}

void CheckDisplayed(const std::string& shown) {
  FUZZ_CHECK(shown.size() <= 64 + 3, shown);  // 64 characters and an ellipsis
  for (char c : shown) FUZZ_CHECK(c >= ' ' && c < 0x7f, "only printable ASCII is echoed");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider input(data, size);
  // The route answers a missing field itself; the parser sees every field.
  std::map<std::string, std::string> form;
  for (const char* key : {"appname", "url", "email", "timeout", "interval", "unhealthy_threshold",
                          "healthy_threshold"}) {
    form[key] = input.ConsumeRandomLengthString(160);
  }
  const std::string& appname = form["appname"];
  CheckApplicationName(heartbeat::http::ApplicationNameFor(appname));
  CheckDisplayed(heartbeat::http::DisplayAppname(appname));

  std::string problem;
  int status = 0;
  const auto probe = heartbeat::http::ProbeFromForm(form, problem, status);
  if (!probe) {
    FUZZ_CHECK(!problem.empty(), "a refusal names its reason");
    FUZZ_CHECK(status == 400 || status == 406, std::to_string(status));
    return 0;
  }
  FUZZ_CHECK(probe->interval.count() >= 5 && probe->interval.count() <= 300, "interval range");
  FUZZ_CHECK(probe->timeout.count() >= 2 && probe->timeout.count() <= 60, "timeout range");
  FUZZ_CHECK(probe->healthy_threshold >= 2 && probe->healthy_threshold <= 10, "healthy range");
  FUZZ_CHECK(probe->unhealthy_threshold >= 2 && probe->unhealthy_threshold <= 10,
             "unhealthy range");
  // Schemes are case-insensitive ("Http://" is accepted).
  const std::string scheme = heartbeat::ToLower(probe->url.substr(0, probe->url.find("://")));
  FUZZ_CHECK(scheme == "http" || scheme == "https", probe->url);
  return 0;
}
