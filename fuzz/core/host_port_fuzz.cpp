// host:port authorities (--web.listen-address, Host headers, probe URLs).
#include <fuzzer/FuzzedDataProvider.h>

#include "common/fuzz_check.h"
#include "heartbeat/core/host_port.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider input(data, size);
  const int min_port = input.ConsumeIntegralInRange(0, 2);
  const std::string authority = input.ConsumeRemainingBytesAsString();
  if (const auto split = heartbeat::SplitHostPort(authority)) {
    // The parts put back together are the text: nothing dropped, nothing invented.
    std::string joined = split->bracketed ? "[" + split->host + "]" : split->host;
    if (split->has_port) joined += ":" + split->port;
    FUZZ_CHECK(joined == authority, authority + " -> " + joined);
    FUZZ_CHECK(split->has_port || split->port.empty(), authority);
  }
  if (const auto port = heartbeat::ParsePort(authority, min_port)) {
    FUZZ_CHECK(*port >= min_port && *port <= 65535, authority);
  }
  return 0;
}
