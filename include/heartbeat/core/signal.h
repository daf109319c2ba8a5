#pragma once

#include <optional>
#include <string>

#include "heartbeat/core/application.h"
#include "heartbeat/core/clock.h"

namespace heartbeat {

enum class SignalKind { kOk, kFail, kStart, kLog };

const char* SignalKindName(SignalKind kind);

// One received signal, as it is recorded in the history.
struct Signal {
  SignalKind kind = SignalKind::kOk;
  TimePoint received_at{};
  std::optional<int> exit_status;
  std::string rid;   // empty when the client sent none
  std::string body;  // already tail-truncated to the body limit
  std::string remote_address;
  std::string user_agent;
};

// Open runs kept per application for pairing starts with completions; older
// ones are dropped first (a job that crashed after `start` never completes).
inline constexpr std::size_t kMaxOpenRuns = 256;

// Applies `signal` to the record: timestamps, counters, run pairing and resume.
// Returns the run duration when the signal completed a run whose start is known.
std::optional<double> ApplySignal(Application& app, const Signal& signal);

}  // namespace heartbeat
