#pragma once

#include <optional>
#include <string>
#include <vector>

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

// What one signal changed in the record, so that the store writes exactly that.
struct SignalEffect {
  bool completion = false;                 // ok or fail: counters and last times changed
  std::optional<double> duration_seconds;  // the completed run's duration, when its start is known
  std::optional<OpenRun> opened;           // a start: the run now open (replacing one with its rid)
  std::vector<std::string> closed_rids;    // runs no longer open: completed or dropped as oldest
};

// Applies `signal` to the record: timestamps, counters, run pairing and resume.
// Pure: returns what changed and touches nothing but `app`.
SignalEffect ApplySignal(Application& app, const Signal& signal);

}  // namespace heartbeat
