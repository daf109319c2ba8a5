#pragma once

#include <string>

#include "heartbeat/core/clock.h"

// The field-level rules behind ValidateSpec, shared with the config file
// reader so that it can point at the offending line. Each returns an empty
// string when the value is fine, otherwise a sentence about the value.
namespace heartbeat::rules {

inline constexpr int kMaxThreshold = 1000;

std::string CheckName(const std::string& name);
std::string CheckProbeUrl(const std::string& url);
// Probe timing: both at least a second, the timeout shorter than the interval.
std::string CheckProbeInterval(Seconds interval);
std::string CheckProbeTimeout(Seconds timeout, Seconds interval);
std::string CheckThreshold(int threshold);

}  // namespace heartbeat::rules
