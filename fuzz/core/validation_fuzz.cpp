// The one validation layer every entry point calls (UTF-8, label values, teams,
// tokens, application names, whole specs).
#include <fuzzer/FuzzedDataProvider.h>

#include <cctype>

#include "common/fuzz_check.h"
#include "heartbeat/core/application.h"
#include "heartbeat/core/duration.h"
#include "heartbeat/core/validation.h"

namespace {

using heartbeat::CheckLabelValue;

void CheckUtf8(const std::string& text) {
  const std::string repaired = heartbeat::ToValidUtf8(text);
  FUZZ_CHECK(heartbeat::IsValidUtf8(repaired), text);
  if (heartbeat::IsValidUtf8(text)) FUZZ_CHECK(repaired == text, text);
}

bool HasAsciiControl(const std::string& text) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return true;
  }
  return false;
}

void CheckLabelRules(const std::string& text, std::size_t max_bytes) {
  if (!CheckLabelValue(text, max_bytes).empty()) return;
  FUZZ_CHECK(text.size() <= max_bytes && heartbeat::IsValidUtf8(text) && !HasAsciiControl(text),
             text);
  if (heartbeat::CheckTeam(text).empty()) FUZZ_CHECK(text.size() <= heartbeat::kMaxTeamBytes, text);
}

void CheckTokenRules(const std::string& token) {
  if (!heartbeat::CheckToken(token).empty()) return;
  FUZZ_CHECK(token.size() >= heartbeat::kMinTokenLength &&
                 token.size() <= heartbeat::kMaxTokenLength &&
                 token.find_first_of("/?#% ") == std::string::npos,
             token);
  for (char c : token) FUZZ_CHECK(c > 0x20 && c < 0x7f, token);
}

void CheckName(const std::string& name) {
  if (!heartbeat::IsValidApplicationName(name)) return;
  FUZZ_CHECK(
      !name.empty() && name.size() <= 128 && std::isalnum(static_cast<unsigned char>(name[0])),
      name);
  for (char c : name) {
    FUZZ_CHECK(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-',
               name);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider input(data, size);
  const std::size_t max_bytes = input.ConsumeIntegralInRange<std::size_t>(0, 2048);
  const long long seconds = input.ConsumeIntegral<long long>();
  const std::string text = input.ConsumeRemainingBytesAsString();
  CheckUtf8(text);
  CheckLabelRules(text, max_bytes);
  CheckTokenRules(text);
  CheckName(text);
  if (heartbeat::CheckDuration(heartbeat::Seconds(seconds)).empty()) {
    FUZZ_CHECK(seconds >= 0 && heartbeat::Seconds(seconds) <= heartbeat::kMaxDuration,
               std::to_string(seconds));
  }
  return 0;
}
