#include "http/connection_metrics.h"

#include <string>

namespace heartbeat::http {

namespace {

prometheus::Family<prometheus::Counter>& CounterFamily(SelfMetrics& self_metrics,
                                                       const std::string& name,
                                                       const std::string& help) {
  return prometheus::BuildCounter().Name(name).Help(help).Register(*self_metrics.registry());
}

}  // namespace

ConnectionMetrics::ConnectionMetrics(SelfMetrics& self_metrics)
    : self_metrics_(self_metrics),
      accepted_(CounterFamily(self_metrics, "heartbeat_exporter_http_connections_accepted_total",
                              "TCP connections accepted.")
                    .Add({})),
      rejected_limit_(CounterFamily(self_metrics,
                                    "heartbeat_exporter_http_connections_rejected_total",
                                    "Connections closed at once: over --web.max-connections "
                                    "(limit), or accept failed for lack of file descriptors.")
                          .Add({{"reason", "limit"}})),
      rejected_descriptors_(
          CounterFamily(self_metrics, "heartbeat_exporter_http_connections_rejected_total", "")
              .Add({{"reason", "file_descriptors"}})),
      timed_out_handshake_(
          CounterFamily(self_metrics, "heartbeat_exporter_http_requests_timed_out_total",
                        "Connections cut off by a deadline: a TLS handshake or a request not "
                        "complete within --web.read-timeout, an answer not taken within the "
                        "write timeout.")
              .Add({{"phase", "handshake"}})),
      timed_out_read_(
          CounterFamily(self_metrics, "heartbeat_exporter_http_requests_timed_out_total", "")
              .Add({{"phase", "read"}})),
      timed_out_write_(
          CounterFamily(self_metrics, "heartbeat_exporter_http_requests_timed_out_total", "")
              .Add({{"phase", "write"}})) {
  auto& family = prometheus::BuildGauge()
                     .Name("heartbeat_exporter_http_connections")
                     .Help(
                         "Open HTTP connections by state: handshake (TLS), idle (no request "
                         "begun), reading (a request partly received), active (a request "
                         "being served or its answer being sent), lingering (draining a "
                         "refused body before closing).")
                     .Register(*self_metrics.registry());
  const char* names[] = {"handshake", "idle", "reading", "active", "lingering"};
  for (std::size_t i = 0; i < gauges_.size(); ++i) gauges_[i] = &family.Add({{"state", names[i]}});
}

void ConnectionMetrics::TimedOut(DeadlineKind kind) {
  if (kind == DeadlineKind::kHandshake) timed_out_handshake_.Increment();
  if (kind == DeadlineKind::kRead) timed_out_read_.Increment();
  if (kind == DeadlineKind::kWrite) timed_out_write_.Increment();
}

void ConnectionMetrics::Answered(std::string_view label, int status,
                                 SteadyClock::time_point first_byte) {
  const double seconds = std::chrono::duration<double>(SteadyClock::now() - first_byte).count();
  self_metrics_.ObserveRequest(std::string(label), status, seconds);
}

}  // namespace heartbeat::http
