#include "heartbeat/metrics/store_collector.h"

namespace heartbeat {

namespace {

prometheus::MetricFamily Gauge(const char* name, const char* help, double value) {
  prometheus::MetricFamily family{name, help, prometheus::MetricType::Gauge, {}};
  prometheus::ClientMetric metric;
  metric.gauge.value = value;
  family.metric.push_back(metric);
  return family;
}

}  // namespace

std::vector<prometheus::MetricFamily> StoreCollector::Collect() const {
  const StoreStats stats = store_.Stats();
  std::vector<prometheus::MetricFamily> families;
  families.push_back(Gauge("heartbeat_exporter_store_database_bytes",
                           "Size of the SQLite database file.",
                           static_cast<double>(stats.database_bytes)));
  families.push_back(Gauge("heartbeat_exporter_store_wal_bytes",
                           "Size of the SQLite write-ahead log (-wal file); stays a few MB when "
                           "checkpoints complete.",
                           static_cast<double>(stats.wal_bytes)));
  prometheus::MetricFamily failures{
      "heartbeat_exporter_store_commit_failures_total",
      "Commits that failed, by reason (disk_full, locked, corrupt, io_error, read_only, other); "
      "every write of such a batch was answered 503.",
      prometheus::MetricType::Counter,
      {}};
  for (const auto& [reason, count] : stats.commit_failures) {
    prometheus::ClientMetric metric;
    metric.label.push_back({"reason", reason});
    metric.counter.value = static_cast<double>(count);
    failures.metric.push_back(metric);
  }
  families.push_back(std::move(failures));
  return families;
}

}  // namespace heartbeat
