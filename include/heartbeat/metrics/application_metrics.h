#pragma once

#include <array>
#include <functional>
#include <string_view>

#include "heartbeat/core/application.h"
#include "heartbeat/core/clock.h"
#include "heartbeat/core/state.h"
#include "heartbeat/store/state_index.h"

namespace heartbeat {

// The per-application families of docs/reference.md §4, in exposition order. One table
// serves both renderings (the prometheus-cpp Collectable and the streaming
// text writer), so they cannot drift apart.
struct PerApplicationMetric {
  const char* name;
  const char* help;
  bool counter;
};
inline constexpr std::size_t kPerApplicationMetricCount = 12;
extern const std::array<PerApplicationMetric, kPerApplicationMetricCount> kPerApplicationMetrics;

// One application's values at `now`, index-aligned with kPerApplicationMetrics.
struct ApplicationSample {
  State state = State::kNew;
  std::array<double, kPerApplicationMetricCount> values{};
};
ApplicationSample SampleApplication(const Application& app, TimePoint now);

// statuscope_check_ok: 1 ok, 2 outdated, 3 fail.
double StatuscopeValue(State state);

// Renders the per-application families in the Prometheus text format 0.0.4
// straight from an index snapshot, in pieces, without building prometheus-cpp
// MetricFamily objects: for 100k applications TextSerializer alone takes
// longer than the 1 s a scrape may take (docs/performance.md).
class ApplicationMetricsWriter {
 public:
  ApplicationMetricsWriter(const StateIndex& index, const TimeSource& clock,
                           bool statuscope_compat);

  // Calls `sink` with consecutive pieces of about 64 KiB; stops early when it returns false.
  void Write(const std::function<bool(std::string_view)>& sink) const;

 private:
  const StateIndex& index_;
  const TimeSource& clock_;
  bool statuscope_compat_;
};

}  // namespace heartbeat
