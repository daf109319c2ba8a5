#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

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
  kMethod,
  kProbe  // the exporter's own probe changed state (ok or fail), src/probe
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
  // Job metrics sent with the signal; they replace the application's only
  // when the signal is a success (and not one that finished too fast).
  std::shared_ptr<const JobMetrics> job_metrics;
};

// Open runs kept per application for pairing starts with completions; older
// ones are dropped first (a job that crashed after `start` never completes).
inline constexpr std::size_t kMaxOpenRuns = 256;

// What one signal changed in the record, so that the store writes exactly that.
struct SignalEffect {
  bool completion = false;                 // ok or fail: counters and last times changed
  std::optional<double> duration_seconds;  // the run's duration: measured, else reported
  std::optional<OpenRun> opened;           // a start: the run now open (replacing one with its rid)
  std::vector<std::string> closed_rids;    // runs no longer open: completed or dropped as oldest
};

// Applies `signal` to the record: timestamps, counters, run pairing and resume.
// Pure: returns what changed and touches nothing but `app`. A completion that
// closes no run takes the client's reported duration, if it sent one. An ignored
// signal changes nothing at all.
SignalEffect ApplySignal(Application& app, const Signal& signal);

}  // namespace heartbeat
