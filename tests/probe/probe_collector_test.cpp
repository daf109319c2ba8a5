#include "heartbeat/metrics/probe_collector.h"

#include <gtest/gtest.h>

#include <functional>
#include <thread>

#include "common/probe_target_server.h"
#include "common/temp_dir.h"
#include "common/test_time.h"
#include "heartbeat/core/token.h"

namespace heartbeat {
namespace {

using testing::ProbeTargetServer;
using testing::SelfSignedCertificate;
using testing::TargetMode;

const prometheus::ClientMetric* Find(const std::vector<prometheus::MetricFamily>& families,
                                     const std::string& name, const std::string& application) {
  for (const prometheus::MetricFamily& family : families) {
    if (family.name != name) continue;
    for (const prometheus::ClientMetric& metric : family.metric) {
      if (metric.label.size() == 1 && metric.label[0].value == application) return &metric;
    }
  }
  return nullptr;
}

// An https probe verified with its CA file: every family, and the certificate's
// notAfter to the second as the expiry.
TEST(ProbeCollectorTest, HttpsProbeExportsEveryFamilyWithTheCertificateExpiry) {
  const SelfSignedCertificate certificate(20);
  ProbeTargetServer server(TargetMode::kHealthy, &certificate);
  testing::TempDir dir;
  certificate.WritePem(dir.File("ca.pem"));
  ManualTimeSource clock(testing::Utc("2026-11-24 10:00:00"));
  StoreOptions options;
  options.path = StorageLocation::kInMemory;
  Store store(options, clock);
  ApplicationSpec spec;
  spec.name = "tls";
  ProbeSpec probe;
  probe.url = server.url();
  probe.interval = Seconds(1);
  probe.timeout = Seconds(1);
  probe.healthy_threshold = 2;
  probe.unhealthy_threshold = 2;
  probe.ca_file = dir.File("ca.pem");
  spec.probe = probe;
  ASSERT_EQ(store.CreateApplication(spec, HashToken("tls-token-abc"), false).status,
            WriteStatus::kOk);
  ProbeSchedulerOptions scheduler_options;
  scheduler_options.max_in_flight = 2;
  ProbeScheduler scheduler(store, clock, scheduler_options);
  const ProbeCollector collector(scheduler);
  // Bounded wait for the first attempt (jittered within the 1 s interval).
  for (int i = 0; i < 500 && !Find(collector.Collect(), "heartbeat_probe_success", "tls"); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  const auto families = collector.Collect();
  ASSERT_EQ(families.size(), 7u);
  const prometheus::ClientMetric* success = Find(families, "heartbeat_probe_success", "tls");
  ASSERT_NE(success, nullptr);
  EXPECT_EQ(success->gauge.value, 1);
  EXPECT_EQ(Find(families, "heartbeat_probe_http_status_code", "tls")->gauge.value, 200);
  EXPECT_GE(Find(families, "heartbeat_probe_consecutive_successes", "tls")->gauge.value, 1);
  EXPECT_EQ(Find(families, "heartbeat_probe_consecutive_failures", "tls")->gauge.value, 0);
  EXPECT_EQ(Find(families, "heartbeat_probe_degraded", "tls")->gauge.value, 0);
  EXPECT_GT(Find(families, "heartbeat_probe_duration_seconds", "tls")->gauge.value, 0);
  const prometheus::ClientMetric* expiry =
      Find(families, "heartbeat_probe_ssl_earliest_cert_expiry", "tls");
  ASSERT_NE(expiry, nullptr);
  EXPECT_EQ(expiry->gauge.value, static_cast<double>(certificate.not_after));
}

}  // namespace
}  // namespace heartbeat
