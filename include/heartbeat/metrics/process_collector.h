#pragma once

#include <prometheus/collectable.h>
#include <prometheus/metric_family.h>

namespace heartbeat {

// The standard process_* metrics (as client_golang exports them on Linux),
// read from /proc/self at scrape time. prometheus-cpp has no such collector.
class ProcessCollector : public prometheus::Collectable {
 public:
  std::vector<prometheus::MetricFamily> Collect() const override;
};

}  // namespace heartbeat
