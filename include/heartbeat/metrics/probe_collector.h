#pragma once

#include <prometheus/collectable.h>
#include <prometheus/metric_family.h>

#include <vector>

#include "heartbeat/probe/probe_scheduler.h"

namespace heartbeat {

// Per-probe families, read from the scheduler at scrape time
// (docs/reference.md §4): heartbeat_probe_success, _duration_seconds,
// _http_status_code, _consecutive_successes, _consecutive_failures, _degraded
// and, for https probes, _ssl_earliest_cert_expiry (blackbox_exporter's name).
class ProbeCollector : public prometheus::Collectable {
 public:
  explicit ProbeCollector(const ProbeScheduler& scheduler) : scheduler_(scheduler) {}
  std::vector<prometheus::MetricFamily> Collect() const override;

 private:
  const ProbeScheduler& scheduler_;
};

}  // namespace heartbeat
