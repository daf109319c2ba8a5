#pragma once

#include <prometheus/counter.h>
#include <prometheus/gauge.h>

#include <array>
#include <string_view>

#include "heartbeat/metrics/self_metrics.h"
#include "http/connection.h"

namespace heartbeat::http {

// The connection self-metrics, registered in the exporter's registry:
//   heartbeat_exporter_http_connections{state}            open connections by state
//   heartbeat_exporter_http_connections_accepted_total
//   heartbeat_exporter_http_connections_rejected_total{reason}   limit | file_descriptors
//   heartbeat_exporter_http_requests_timed_out_total{phase}      handshake | read | write
// and the request counters for answers the connection layer gives itself.
class ConnectionMetrics {
 public:
  explicit ConnectionMetrics(SelfMetrics& self_metrics);

  void Opened(ConnectionState state) { Gauge(state).Increment(); }
  void Closed(ConnectionState state) { Gauge(state).Decrement(); }
  void Changed(ConnectionState from, ConnectionState to) {
    Gauge(from).Decrement();
    Gauge(to).Increment();
  }
  void Accepted() { accepted_.Increment(); }
  void RejectedAtLimit() { rejected_limit_.Increment(); }
  void RejectedWithoutDescriptors() { rejected_descriptors_.Increment(); }
  void TimedOut(DeadlineKind kind);
  // An answer the connection layer wrote itself (framing errors, 408, decoding errors).
  void Answered(std::string_view label, int status, SteadyClock::time_point first_byte);

 private:
  prometheus::Gauge& Gauge(ConnectionState state) {
    return *gauges_[static_cast<std::size_t>(state)];
  }

  SelfMetrics& self_metrics_;
  std::array<prometheus::Gauge*, static_cast<std::size_t>(ConnectionState::kCount)> gauges_{};
  prometheus::Counter& accepted_;
  prometheus::Counter& rejected_limit_;
  prometheus::Counter& rejected_descriptors_;
  prometheus::Counter& timed_out_handshake_;
  prometheus::Counter& timed_out_read_;
  prometheus::Counter& timed_out_write_;
};

}  // namespace heartbeat::http
