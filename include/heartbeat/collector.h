#pragma once

#include <prometheus/collectable.h>
#include <prometheus/metric_family.h>

#include <vector>

#include "heartbeat/clock.h"
#include "heartbeat/state_index.h"

namespace heartbeat {

// Builds the per-application families at scrape time from a snapshot of the
// index, so removed applications vanish and every scrape is self-consistent.
// No long-lived per-application series exist (prometheus-cpp's Family::Remove
// is a linear scan).
class ApplicationCollector : public prometheus::Collectable {
 public:
  ApplicationCollector(const StateIndex& index, const TimeSource& clock, bool statuscope_compat);
  std::vector<prometheus::MetricFamily> Collect() const override;

 private:
  const StateIndex& index_;
  const TimeSource& clock_;
  bool statuscope_compat_;
};

}  // namespace heartbeat
