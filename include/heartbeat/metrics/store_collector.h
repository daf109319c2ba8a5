#pragma once

#include <prometheus/collectable.h>
#include <prometheus/metric_family.h>

#include <vector>

#include "heartbeat/store/store.h"

namespace heartbeat {

// The store's own metrics, read from the store at scrape time (file sizes by
// stat, failure counts from the writer): heartbeat_exporter_store_wal_bytes,
// heartbeat_exporter_store_database_bytes and
// heartbeat_exporter_store_commit_failures_total{reason}.
class StoreCollector : public prometheus::Collectable {
 public:
  explicit StoreCollector(const Store& store) : store_(store) {}
  std::vector<prometheus::MetricFamily> Collect() const override;

 private:
  const Store& store_;
};

}  // namespace heartbeat
