#pragma once

#include <string>

#include "heartbeat/core/application.h"

namespace heartbeat::testing {

// A probe with its timing and thresholds set, every other field at its default.
inline ProbeSpec MakeProbe(const std::string& url, Seconds interval, Seconds timeout, int healthy,
                           int unhealthy) {
  ProbeSpec probe;
  probe.url = url;
  probe.interval = interval;
  probe.timeout = timeout;
  probe.healthy_threshold = healthy;
  probe.unhealthy_threshold = unhealthy;
  return probe;
}

}  // namespace heartbeat::testing
