#include "http/cronitor_telemetry.h"

#include <charconv>
#include <cmath>
#include <optional>
#include <set>

#include "heartbeat/core/safe_text.h"
#include "heartbeat/metrics/job_metrics.h"

namespace heartbeat::http {

namespace {

constexpr std::size_t kMaxSeriesLength = 256;
constexpr double kMaxDurationSeconds = 1e9;  // about 31 years

std::optional<int> ParseStatusCode(const std::string& text) {
  int value = 0;
  const char* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, value);
  if (text.empty() || error != std::errc() || stop != end) return std::nullopt;
  return value;
}

std::optional<double> ParseDurationSeconds(const std::string& text) {
  double value = 0;
  const char* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, value);
  if (text.empty() || error != std::errc() || stop != end || !std::isfinite(value) || value < 0 ||
      value > kMaxDurationSeconds) {
    return std::nullopt;
  }
  return value;
}

std::optional<std::string> Find(const TelemetryParameters& parameters, const char* name) {
  const auto it = parameters.find(name);
  if (it == parameters.end()) return std::nullopt;
  return it->second;
}

// The signal `state` (and `status_code`) ask for, or nullopt for an unknown state.
std::optional<SignalKind> RequestedKind(const std::optional<std::string>& state,
                                        const std::optional<int>& status_code) {
  if (!state || *state == "ok") return SignalKind::kOk;  // a heartbeat, or a reset to healthy
  if (*state == "run") return SignalKind::kStart;
  if (*state == "fail") return SignalKind::kFail;
  if (*state == "complete") {
    return status_code.value_or(0) == 0 ? SignalKind::kOk : SignalKind::kFail;
  }
  return std::nullopt;
}

// The telemetry parameters as a push, or a sentence for the 400 answer.
}  // namespace

std::string ParseCronitorTelemetry(const TelemetryParameters& parameters, PushRequest& push) {
  if (const auto text = Find(parameters, "status_code")) {
    push.exit_status = ParseStatusCode(*text);
    if (!push.exit_status)
      return "status_code must be a whole number, not " + QuotedForMessage(*text);
  }
  if (const auto text = Find(parameters, "duration")) {
    push.reported_duration = ParseDurationSeconds(*text);
    if (!push.reported_duration) {
      return "duration must be a number of seconds from 0 to 1000000000, not " +
             QuotedForMessage(*text);
    }
  }
  push.rid = Find(parameters, "series").value_or("");
  if (push.rid.size() > kMaxSeriesLength) {
    return "series must have at most " + std::to_string(kMaxSeriesLength) + " characters";
  }
  const auto state = Find(parameters, "state");
  const auto kind = RequestedKind(state, push.exit_status);
  if (!kind) return "state must be run, complete, fail or ok, not " + QuotedForMessage(*state);
  push.requested = *kind;
  return "";
}

std::string ParseCronitorMetrics(const std::vector<std::string>& values, PushRequest& push) {
  if (values.empty()) return "";
  if (values.size() > kMaxJobSeriesPerApplication) {
    return "at most " + std::to_string(kMaxJobSeriesPerApplication) +
           " metric parameters are accepted per event";
  }
  std::vector<JobFamily> families;
  std::set<std::string> names;
  for (const std::string& value : values) {
    try {
      families.push_back(ParseCronitorMetric(value));
    } catch (const std::invalid_argument& error) {
      return error.what();
    }
    if (!names.insert(families.back().name).second) {
      return "metric " + families.back().name + " is given twice";
    }
  }
  push.job_metrics = MakeJobMetrics(std::move(families));
  return "";
}

std::optional<std::string> TelemetryMessage(const TelemetryParameters& parameters) {
  if (auto message = Find(parameters, "message")) return message;
  return Find(parameters, "msg");
}

}  // namespace heartbeat::http
