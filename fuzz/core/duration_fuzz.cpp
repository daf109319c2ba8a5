// Durations (intervals, grace, probe timing, flags) and byte sizes (flags), as
// the API, the config file and the command line hand them over.
#include <stdexcept>
#include <string_view>

#include "common/fuzz_check.h"
#include "heartbeat/core/duration.h"

namespace {

void CheckDuration(std::string_view text) {
  heartbeat::Seconds parsed;
  try {
    parsed = heartbeat::ParseDuration(text);
  } catch (const std::invalid_argument&) {
    return;
  }
  FUZZ_CHECK(parsed.count() >= 0 && parsed <= heartbeat::kMaxDuration, std::string(text));
  // What the API prints back must read as the same duration.
  const std::string printed = heartbeat::FormatDuration(parsed);
  FUZZ_CHECK(heartbeat::ParseDuration(printed) == parsed, std::string(text) + " -> " + printed);
}

void CheckByteSize(std::string_view text) {
  long long parsed = 0;
  try {
    parsed = heartbeat::ParseByteSize(text);
  } catch (const std::invalid_argument&) {
    return;
  }
  FUZZ_CHECK(parsed >= 0 && parsed <= (1LL << 62), std::string(text));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  CheckDuration(text);
  CheckByteSize(text);
  return 0;
}
