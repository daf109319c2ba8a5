#pragma once

#include <string>

#include "heartbeat/core/clock.h"

// The field-level rules behind ValidateSpec, shared with the config file
// reader so that it can point at the offending line. Each returns an empty
// string when the value is fine, otherwise a sentence about the value.
namespace heartbeat::rules {

std::string CheckName(const std::string& name);
std::string CheckProbeUrl(const std::string& url);
// Probe timing in Healthchecker.Server's ranges (interval 5-300 s, timeout 2-60 s), the
// timeout shorter than the interval; thresholds 2 to 10, as an ELB's.
inline constexpr Seconds kMinProbeInterval{5};
inline constexpr Seconds kMaxProbeInterval{300};
inline constexpr Seconds kMinProbeTimeout{2};
inline constexpr Seconds kMaxProbeTimeout{60};
inline constexpr int kMinProbeThreshold = 2;
inline constexpr int kMaxProbeThreshold = 10;
std::string CheckProbeInterval(Seconds interval);
std::string CheckProbeTimeout(Seconds timeout, Seconds interval);
std::string CheckProbeThreshold(int threshold);

}  // namespace heartbeat::rules
