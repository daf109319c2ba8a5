#pragma once

#include <cstddef>
#include <functional>
#include <string_view>

#include "heartbeat/core/clock.h"
#include "heartbeat/metrics/application_families.h"
#include "heartbeat/metrics/job_exposition.h"
#include "heartbeat/store/state_index.h"

namespace heartbeat {

// Renders the families of kApplicationFamilies, then the applications' job
// metrics (job_exposition.h), in the Prometheus text format
// 0.0.4 straight from an index snapshot, in pieces, without building
// prometheus-cpp MetricFamily objects: for 100k applications TextSerializer
// alone takes longer than the 1 s a scrape may take (docs/performance.md).
class ApplicationMetricsWriter {
 public:
  // Receives consecutive pieces of the text; returns false to stop the rendering.
  using Sink = std::function<bool(std::string_view)>;
  static constexpr std::size_t kDefaultPieceBytes = 64 * 1024;

  // `labels_on_all_series`: custom labels on every per-application series, not
  // only on heartbeat_application_info (--metrics.labels-on-all-series).
  // `stale_job_metrics`: --metrics.job-metrics-stale.
  ApplicationMetricsWriter(const StateIndex& index, const TimeSource& clock, bool statuscope_compat,
                           bool labels_on_all_series = false,
                           StaleJobMetrics stale_job_metrics = StaleJobMetrics::kHide);

  // Calls `sink` with pieces of at least `piece_bytes` (the last may be
  // shorter; a piece ends at a line end, so it exceeds `piece_bytes` by less
  // than one line).
  void Write(const Sink& sink, std::size_t piece_bytes = kDefaultPieceBytes) const;

 private:
  const StateIndex& index_;
  const TimeSource& clock_;
  bool statuscope_compat_;
  bool labels_on_all_series_;
  StaleJobMetrics stale_job_metrics_;
};

}  // namespace heartbeat
