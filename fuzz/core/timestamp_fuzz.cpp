// ISO 8601 timestamps as heartbeatctl and the history API read them back.
#include <cctype>
#include <string_view>

#include "common/fuzz_check.h"
#include "heartbeat/core/timestamp.h"

namespace {

// YYYY-MM-DDTHH:MM:SS, then an optional fraction, then Z: the only shape ParseTimestamp may take.
bool HasTimestampShape(std::string_view text) {
  constexpr std::string_view kShape = "dddd-dd-ddTdd:dd:dd";
  if (text.size() < kShape.size() + 1 || text.back() != 'Z') return false;
  for (std::size_t i = 0; i < kShape.size(); ++i) {
    const bool digit = std::isdigit(static_cast<unsigned char>(text[i])) != 0;
    if (kShape[i] == 'd' ? !digit : text[i] != kShape[i]) return false;
  }
  const std::string_view rest = text.substr(kShape.size(), text.size() - kShape.size() - 1);
  if (rest.empty()) return true;
  if (rest[0] != '.') return false;
  for (char c : rest.substr(1)) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::optional<heartbeat::TimePoint> parsed = heartbeat::ParseTimestamp(text);
  if (!parsed) return 0;
  FUZZ_CHECK(HasTimestampShape(text), std::string(text));
  const std::string printed = heartbeat::FormatTimestamp(*parsed);
  FUZZ_CHECK(heartbeat::ParseTimestamp(printed) == parsed, std::string(text) + " -> " + printed);
  return 0;
}
