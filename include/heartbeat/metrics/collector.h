#pragma once

#include <prometheus/collectable.h>
#include <prometheus/metric_family.h>

#include <vector>

#include "heartbeat/core/clock.h"
#include "heartbeat/metrics/job_exposition.h"
#include "heartbeat/store/state_index.h"

namespace heartbeat {

// The per-application families as a prometheus-cpp Collectable, built from a
// snapshot of the index at collect time (no long-lived per-application series:
// prometheus-cpp's Family::Remove is a linear scan). /metrics itself is served
// by the faster ApplicationMetricsWriter; this is the reference it is tested
// against, and the form for embedding in a prometheus-cpp registry.
class ApplicationCollector : public prometheus::Collectable {
 public:
  ApplicationCollector(const StateIndex& index, const TimeSource& clock, bool statuscope_compat,
                       bool labels_on_all_series = false,
                       StaleJobMetrics stale_job_metrics = StaleJobMetrics::kHide);
  std::vector<prometheus::MetricFamily> Collect() const override;

 private:
  const StateIndex& index_;
  const TimeSource& clock_;
  bool statuscope_compat_;
  bool labels_on_all_series_;
  StaleJobMetrics stale_job_metrics_;
};

}  // namespace heartbeat
