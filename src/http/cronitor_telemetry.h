#pragma once

// Cronitor's telemetry parameters (state, status_code, duration, series) read
// into a push apart from the request, so that they are tested and fuzzed alone.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "http/push_signal.h"

namespace heartbeat::http {

using TelemetryParameters = std::map<std::string, std::string>;

// Fills push.requested, exit_status, reported_duration and rid from the
// parameters; returns the sentence of a 400 answer, or "" when they are fine.
std::string ParseCronitorTelemetry(const TelemetryParameters& parameters, PushRequest& push);

// Cronitor's `metric=name:value` parameters (repeatable: `metric=count:5&metric=
// error_count:0`) as job metrics in push.job_metrics, untyped; returns the
// sentence of a 400 answer, or "" when they are fine (or there are none).
std::string ParseCronitorMetrics(const std::vector<std::string>& values, PushRequest& push);

// The event's text: `message`, or the CLI's `msg`; nullopt when neither is given.
std::optional<std::string> TelemetryMessage(const TelemetryParameters& parameters);

}  // namespace heartbeat::http
