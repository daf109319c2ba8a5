#include "heartbeat/metrics/probe_collector.h"

#include <algorithm>
#include <functional>
#include <optional>

namespace heartbeat {

namespace {

struct ProbeFamily {
  const char* name;
  const char* help;
  // The sample of one probe, or nothing (no attempt yet, no certificate).
  std::function<std::optional<double>(const ProbeStatus&)> value;
};

std::optional<double> FromLast(const ProbeStatus& status,
                               const std::function<double(const ProbeResult&)>& read) {
  if (!status.last) return std::nullopt;
  return read(*status.last);
}

const std::vector<ProbeFamily>& Families() {
  static const std::vector<ProbeFamily> families = {
      {"heartbeat_probe_success", "1 if the last attempt of the probe passed, else 0.",
       [](const ProbeStatus& s) {
         return FromLast(s, [](const ProbeResult& r) { return r.success ? 1.0 : 0.0; });
       }},
      {"heartbeat_probe_duration_seconds", "How long the last attempt of the probe took.",
       [](const ProbeStatus& s) {
         return FromLast(s, [](const ProbeResult& r) { return r.duration_seconds; });
       }},
      {"heartbeat_probe_http_status_code",
       "The HTTP status of the last attempt; 0 when there was no answer (or a TCP probe).",
       [](const ProbeStatus& s) {
         return FromLast(s,
                         [](const ProbeResult& r) { return static_cast<double>(r.http_status); });
       }},
      {"heartbeat_probe_consecutive_successes", "Passing attempts in a row, up to the last one.",
       [](const ProbeStatus& s) -> std::optional<double> {
         return s.counters.consecutive_successes;
       }},
      {"heartbeat_probe_consecutive_failures", "Failing attempts in a row, up to the last one.",
       [](const ProbeStatus& s) -> std::optional<double> {
         return s.counters.consecutive_failures;
       }},
      {"heartbeat_probe_degraded",
       "1 when the probe failed below its unhealthy threshold or its health document said "
       "\"warn\".",
       [](const ProbeStatus& s) -> std::optional<double> { return s.counters.degraded ? 1 : 0; }},
      {"heartbeat_probe_ssl_earliest_cert_expiry",
       "Unix time of the earliest notAfter among the certificates the https target sent.",
       [](const ProbeStatus& s) -> std::optional<double> {
         if (!s.last || !s.last->certificate_expiry) return std::nullopt;
         return static_cast<double>(ToMillis(*s.last->certificate_expiry)) / 1000.0;
       }},
  };
  return families;
}

}  // namespace

std::vector<prometheus::MetricFamily> ProbeCollector::Collect() const {
  std::vector<ProbeStatus> statuses = scheduler_.Statuses();
  std::sort(statuses.begin(), statuses.end(), [](const ProbeStatus& a, const ProbeStatus& b) {
    return a.application < b.application;
  });
  std::vector<prometheus::MetricFamily> result;
  for (const ProbeFamily& definition : Families()) {
    prometheus::MetricFamily family{
        definition.name, definition.help, prometheus::MetricType::Gauge, {}};
    for (const ProbeStatus& status : statuses) {
      const std::optional<double> value = definition.value(status);
      if (!value) continue;
      prometheus::ClientMetric metric;
      metric.label.push_back({"application", status.application});
      metric.gauge.value = *value;
      family.metric.push_back(std::move(metric));
    }
    result.push_back(std::move(family));
  }
  return result;
}

}  // namespace heartbeat
