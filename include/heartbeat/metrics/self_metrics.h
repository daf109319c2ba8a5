#pragma once

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <map>
#include <memory>
#include <shared_mutex>
#include <string>
#include <utility>

namespace heartbeat {

// The exporter's own metrics (heartbeat_exporter_*). Unlike per-application
// series these have a small fixed label set, so a long-lived registry fits.
class SelfMetrics {
 public:
  SelfMetrics();

  std::shared_ptr<prometheus::Registry> registry() const { return registry_; }

  void ObserveRequest(const std::string& handler, int code, double seconds);
  void ObserveCommit(double seconds, std::size_t batch_size);
  void SetReloadResult(bool successful, double timestamp_seconds);

 private:
  std::shared_ptr<prometheus::Registry> registry_;
  prometheus::Family<prometheus::Counter>& requests_;
  prometheus::Family<prometheus::Histogram>& request_duration_;
  prometheus::Histogram& commit_duration_;
  prometheus::Histogram& commit_batch_size_;
  prometheus::Gauge& reload_successful_;
  prometheus::Gauge& reload_success_timestamp_;

  // Family::Add takes a lock and hashes the labels; the request path looks its
  // series up here instead, under a shared lock.
  std::shared_mutex series_mutex_;
  std::map<std::pair<std::string, int>, prometheus::Counter*> request_counters_;
  std::map<std::string, prometheus::Histogram*> request_histograms_;
};

}  // namespace heartbeat
