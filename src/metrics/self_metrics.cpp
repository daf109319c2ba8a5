#include "heartbeat/metrics/self_metrics.h"

#include <mutex>

#include "heartbeat/version.h"

namespace heartbeat {

namespace {
prometheus::Histogram::BucketBoundaries LatencyBuckets() {
  return {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};
}
}  // namespace

SelfMetrics::SelfMetrics()
    : registry_(std::make_shared<prometheus::Registry>()),
      requests_(prometheus::BuildCounter()
                    .Name("heartbeat_exporter_http_requests_total")
                    .Help("HTTP requests answered, by handler and status code.")
                    .Register(*registry_)),
      request_duration_(prometheus::BuildHistogram()
                            .Name("heartbeat_exporter_http_request_duration_seconds")
                            .Help("Time to answer an HTTP request, by handler.")
                            .Register(*registry_)),
      commit_duration_(prometheus::BuildHistogram()
                           .Name("heartbeat_exporter_store_commit_duration_seconds")
                           .Help("Time to commit one group of writes, fsync included.")
                           .Register(*registry_)
                           .Add({}, LatencyBuckets())),
      commit_batch_size_(
          prometheus::BuildHistogram()
              .Name("heartbeat_exporter_store_commit_batch_size")
              .Help("Writes carried by one commit (group commit).")
              .Register(*registry_)
              .Add({}, prometheus::Histogram::BucketBoundaries{1, 2, 4, 8, 16, 32, 64, 128, 256,
                                                               512, 1024, 4096})),
      reload_successful_(prometheus::BuildGauge()
                             .Name("heartbeat_exporter_config_last_reload_successful")
                             .Help("1 if the last configuration load succeeded, else 0.")
                             .Register(*registry_)
                             .Add({})),
      reload_success_timestamp_(
          prometheus::BuildGauge()
              .Name("heartbeat_exporter_config_last_reload_success_timestamp_seconds")
              .Help("Time of the last successful configuration load.")
              .Register(*registry_)
              .Add({})) {
  prometheus::BuildGauge()
      .Name("heartbeat_exporter_build_info")
      .Help("Version and revision the exporter was built from; always 1.")
      .Register(*registry_)
      .Add({{"version", kVersion}, {"revision", kRevision}})
      .Set(1);
  reload_successful_.Set(1);
}

void SelfMetrics::ObserveRequest(const std::string& handler, int code, double seconds) {
  prometheus::Counter* counter = nullptr;
  prometheus::Histogram* histogram = nullptr;
  {
    std::shared_lock lock(series_mutex_);
    const auto counter_it = request_counters_.find({handler, code});
    if (counter_it != request_counters_.end()) counter = counter_it->second;
    const auto histogram_it = request_histograms_.find(handler);
    if (histogram_it != request_histograms_.end()) histogram = histogram_it->second;
  }
  if (!counter || !histogram) {
    std::unique_lock lock(series_mutex_);
    auto& counter_slot = request_counters_[{handler, code}];
    if (!counter_slot) {
      counter_slot = &requests_.Add({{"handler", handler}, {"code", std::to_string(code)}});
    }
    auto& histogram_slot = request_histograms_[handler];
    if (!histogram_slot)
      histogram_slot = &request_duration_.Add({{"handler", handler}}, LatencyBuckets());
    counter = counter_slot;
    histogram = histogram_slot;
  }
  counter->Increment();
  histogram->Observe(seconds);
}

void SelfMetrics::ObserveCommit(double seconds, std::size_t batch_size) {
  commit_duration_.Observe(seconds);
  commit_batch_size_.Observe(static_cast<double>(batch_size));
}

void SelfMetrics::SetReloadResult(bool successful, double timestamp_seconds) {
  reload_successful_.Set(successful ? 1 : 0);
  if (successful) reload_success_timestamp_.Set(timestamp_seconds);
}

}  // namespace heartbeat
