// Cronitor's telemetry parameters as the /p/<key>/<monitor> route reads them:
// any values for the parameters it knows, and keys it does not.
#include <fuzzer/FuzzedDataProvider.h>

#include <cmath>
#include <string>
#include <vector>

#include "common/fuzz_check.h"
#include "heartbeat/core/validation.h"
#include "http/cronitor_telemetry.h"

namespace {

const char* const kKeys[] = {"state", "status_code", "duration", "series", "message",
                             "msg",   "host",        "env",      "stamp",  "metric"};

heartbeat::http::TelemetryParameters Parameters(FuzzedDataProvider& input) {
  heartbeat::http::TelemetryParameters parameters;
  const int count = input.ConsumeIntegralInRange<int>(0, 8);
  for (int i = 0; i < count; ++i) {
    const char* key = kKeys[input.ConsumeIntegralInRange<std::size_t>(0, std::size(kKeys) - 1)];
    parameters[key] = input.ConsumeRandomLengthString(300);
  }
  return parameters;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using heartbeat::SignalKind;
  FuzzedDataProvider input(data, size);
  const heartbeat::http::TelemetryParameters parameters = Parameters(input);
  heartbeat::http::PushRequest push;
  std::string error = heartbeat::http::ParseCronitorTelemetry(parameters, push);
  // `metric` repeats: the map's value and a few more from the input.
  std::vector<std::string> metrics;
  if (const auto metric = parameters.find("metric"); metric != parameters.end()) {
    metrics.push_back(metric->second);
    for (int extra = input.ConsumeIntegralInRange<int>(0, 3); extra > 0; --extra) {
      metrics.push_back(input.ConsumeRandomLengthString(64));
    }
  }
  if (error.empty()) error = heartbeat::http::ParseCronitorMetrics(metrics, push);
  if (!error.empty()) {
    // The sentence quotes the client's value: it must stay short, valid UTF-8 and
    // free of control characters whatever was sent.
    FUZZ_CHECK(heartbeat::CheckLabelValue(error, 512).empty(), error);
    return 0;
  }
  FUZZ_CHECK(metrics.empty() == !push.job_metrics, "metric parameters become job metrics");
  if (push.job_metrics) {
    FUZZ_CHECK(push.job_metrics->series == metrics.size(), "one series per metric parameter");
    for (const heartbeat::JobFamily& family : push.job_metrics->families) {
      FUZZ_CHECK(family.name.rfind("heartbeat_", 0) != 0, family.name);
    }
  }
  FUZZ_CHECK(push.rid.size() <= 256, push.rid);
  if (push.reported_duration) {
    FUZZ_CHECK(std::isfinite(*push.reported_duration) && *push.reported_duration >= 0 &&
                   *push.reported_duration <= 1e9,
               std::to_string(*push.reported_duration));
  }
  const auto state = parameters.find("state");
  if (state != parameters.end() && state->second == "run") {
    FUZZ_CHECK(push.requested == SignalKind::kStart, "run is a start");
  }
  if (state != parameters.end() && state->second == "fail") {
    FUZZ_CHECK(push.requested == SignalKind::kFail, "fail is a failure");
  }
  if (state != parameters.end() && state->second == "complete") {
    const bool failed = push.exit_status.value_or(0) != 0;
    FUZZ_CHECK(push.requested == (failed ? SignalKind::kFail : SignalKind::kOk), "complete");
  }
  return 0;
}
