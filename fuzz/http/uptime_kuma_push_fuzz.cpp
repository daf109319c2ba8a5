// Uptime Kuma's push parameters (status, msg, ping) as /api/push/<token> reads
// them, and its parseFloat-like reading of `ping`.
#include <fuzzer/FuzzedDataProvider.h>

#include <cmath>
#include <cstdlib>
#include <map>
#include <string>

#include "common/fuzz_check.h"
#include "http/uptime_kuma_push.h"

namespace {

// A plain decimal number ("12", "0.5") reads as strtod reads it.
bool IsPlainDecimal(const std::string& text) {
  if (text.empty() || text.size() > 30) return false;
  bool digit = false;
  int dots = 0;
  for (char c : text) {
    if (c == '.') {
      ++dots;
    } else if (c >= '0' && c <= '9') {
      digit = true;
    } else {
      return false;
    }
  }
  return digit && dots <= 1;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider input(data, size);
  std::map<std::string, std::string> query;
  if (input.ConsumeBool()) query["status"] = input.ConsumeRandomLengthString(64);
  if (input.ConsumeBool()) query["msg"] = input.ConsumeRandomLengthString(512);
  const std::string ping = input.ConsumeRandomLengthString(64);
  if (input.ConsumeBool()) query["ping"] = ping;

  const heartbeat::http::KumaPush push = heartbeat::http::ParseKumaPush(query);
  FUZZ_CHECK(!push.message.empty(), "a push always has a message");
  if (push.error.empty() && push.duration_seconds) {
    const double seconds = *push.duration_seconds;
    FUZZ_CHECK(std::isfinite(seconds) && seconds > 0 && seconds <= 1e8, std::to_string(seconds));
  }
  if (IsPlainDecimal(ping)) {
    const double parsed = heartbeat::http::ParseFloatPrefix(ping);
    const double expected = std::strtod(ping.c_str(), nullptr);
    FUZZ_CHECK(parsed == expected, ping);
  }
  return 0;
}
