#pragma once

#include <optional>
#include <string>

#include "heartbeat/core/application.h"
#include "heartbeat/core/clock.h"

namespace heartbeat {

// kIgnored: received and kept in the history, but with no effect on the
// application (a GET to a POST-only application, or no keyword matched).
enum class SignalKind { kOk, kFail, kStart, kLog, kIgnored };

const char* SignalKindName(SignalKind kind);

// What decided a signal's kind: the request itself (its URL or parameters), a
// keyword found in the body, no keyword found, or the method (`methods: POST`).
enum class ClassifiedBy {
  kRequest,
  kFailureKeyword,
  kSuccessKeyword,
  kStartKeyword,
  kNoKeywordMatched,
  kMethod
};

const char* ClassifiedByName(ClassifiedBy by);

// One received signal, as it is recorded in the history.
struct Signal {
  SignalKind kind = SignalKind::kOk;
  TimePoint received_at{};
  std::optional<int> exit_status;
  std::string rid;   // empty when the client sent none
  std::string body;  // already tail-truncated to the body limit
  // A duration the client measured itself (Cronitor's `duration`, Uptime Kuma's
  // `ping`); used for a completion that closes no run.
  std::optional<double> reported_duration;
  ClassifiedBy classified_by = ClassifiedBy::kRequest;
  std::string matched_keyword;  // the keyword that decided, when one did
  std::string remote_address;
  std::string user_agent;
};

// Open runs kept per application for pairing starts with completions; older
// ones are dropped first (a job that crashed after `start` never completes).
inline constexpr std::size_t kMaxOpenRuns = 256;

// Applies `signal` to the record: timestamps, counters, run pairing and resume.
// Returns the run duration when the signal completed a run whose start is known,
// else the client's reported duration for a completion. An ignored signal changes nothing.
std::optional<double> ApplySignal(Application& app, const Signal& signal);

}  // namespace heartbeat
