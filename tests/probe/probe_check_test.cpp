#include "heartbeat/probe/probe_check.h"

#include <gtest/gtest.h>

#include "common/probe_target_server.h"
#include "common/process.h"
#include "common/temp_dir.h"

namespace heartbeat {
namespace {

using testing::ProbeTargetServer;
using testing::SelfSignedCertificate;
using testing::TargetMode;

ProbeSpec Http(const std::string& url) {
  ProbeSpec probe;
  probe.url = url;
  probe.interval = Seconds(5);
  probe.timeout = Seconds(2);
  return probe;
}

TEST(ProbeCheckTest, HealthyAnswerPasses) {
  ProbeTargetServer server(TargetMode::kHealthy);
  const ProbeResult result = RunProbe(Http(server.url()));
  EXPECT_TRUE(result.success) << result.reason;
  EXPECT_FALSE(result.warn);
  EXPECT_EQ(result.http_status, 200);
  EXPECT_EQ(result.reason, "answered 200");
  EXPECT_FALSE(result.certificate_expiry);
}

TEST(ProbeCheckTest, RequestCarriesMethodHeadersAndConnectionClose) {
  ProbeTargetServer server(TargetMode::kHealthy);
  ProbeSpec probe = Http(server.url("/ready?deep=1"));
  probe.method = "HEAD";
  probe.headers = {{"X-Probe", "yes"}};
  RunProbe(probe);
  const std::string request = server.last_request();
  EXPECT_EQ(request.rfind("HEAD /ready?deep=1 HTTP/1.1\r\n", 0), 0u) << request;
  EXPECT_NE(request.find("\r\nConnection: close\r\n"), std::string::npos);
  EXPECT_NE(request.find("\r\nX-Probe: yes\r\n"), std::string::npos);
  EXPECT_NE(request.find("\r\nHost: 127.0.0.1:" + std::to_string(server.port())),
            std::string::npos);
}

TEST(ProbeCheckTest, AnyOtherStatusFailsAsAnElb) {
  ProbeTargetServer server(TargetMode::kError500);
  const ProbeResult result = RunProbe(Http(server.url()));
  EXPECT_FALSE(result.success);
  EXPECT_EQ(result.http_status, 500);
  EXPECT_EQ(result.reason, "answered 500, expected 200");

  ProbeSpec expecting_500 = Http(server.url());
  expecting_500.expected_status = 500;
  EXPECT_TRUE(RunProbe(expecting_500).success);
}

TEST(ProbeCheckTest, HealthJsonWarnPassesDegradedAndFailFails) {
  ProbeTargetServer warn(TargetMode::kWarnJson);
  const ProbeResult warned = RunProbe(Http(warn.url()));
  EXPECT_TRUE(warned.success);
  EXPECT_TRUE(warned.warn);
  EXPECT_EQ(warned.reason, "answered 200 with status \"warn\"");

  ProbeTargetServer fail(TargetMode::kFailJson);
  const ProbeResult failed = RunProbe(Http(fail.url()));
  EXPECT_FALSE(failed.success);
  EXPECT_EQ(failed.http_status, 200);
  EXPECT_EQ(failed.reason, "answered 200 with status \"fail\"");

  ProbeTargetServer chunked(TargetMode::kChunkedPass);
  const ProbeResult passed = RunProbe(Http(chunked.url()));
  EXPECT_TRUE(passed.success) << passed.reason;
  EXPECT_FALSE(passed.warn);
}

TEST(ProbeCheckTest, HangingTargetCostsItsTimeoutAndNoMore) {
  ProbeTargetServer server(TargetMode::kHang);
  const auto started = std::chrono::steady_clock::now();
  const ProbeResult result = RunProbe(Http(server.url()));
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  EXPECT_FALSE(result.success);
  // The server never answers nor closes: only the 2 s deadline can have ended the attempt.
  EXPECT_EQ(result.reason, "timed out while waiting for the answer");
  EXPECT_GE(elapsed, 1.9) << "it waited for the timeout, not less";
}

TEST(ProbeCheckTest, RefusedAndResetConnectionsFailWithTheirReason) {
  const ProbeResult refused =
      RunProbe(Http("http://127.0.0.1:" + std::to_string(ctl::testing::FreePort()) + "/"));
  EXPECT_FALSE(refused.success);
  EXPECT_EQ(refused.reason, "connection refused");

  ProbeTargetServer server(TargetMode::kReset);
  const ProbeResult reset = RunProbe(Http(server.url()));
  EXPECT_FALSE(reset.success);
  EXPECT_NE(reset.reason.find("reset"), std::string::npos) << reset.reason;
}

TEST(ProbeCheckTest, TcpPortThatOpensAndCloses) {
  ProbeSpec probe = Http("tcp://127.0.0.1:1");
  int port = 0;
  {
    ProbeTargetServer server(TargetMode::kHealthy);
    port = server.port();
    probe.url = "tcp://127.0.0.1:" + std::to_string(port);
    const ProbeResult open = RunProbe(probe);
    EXPECT_TRUE(open.success) << open.reason;
    EXPECT_EQ(open.http_status, 0);
  }
  const ProbeResult closed = RunProbe(probe);
  EXPECT_FALSE(closed.success);
  EXPECT_EQ(closed.reason, "connection refused");
}

TEST(ProbeCheckTest, SelfSignedHttpsFailsVerifiedPassesWithItsCaFile) {
  const SelfSignedCertificate certificate(10);
  ProbeTargetServer server(TargetMode::kHealthy, &certificate);
  const ProbeResult verified = RunProbe(Http(server.url()));
  EXPECT_FALSE(verified.success);
  EXPECT_EQ(verified.reason.rfind("certificate verify failed: ", 0), 0u) << verified.reason;

  testing::TempDir dir;
  certificate.WritePem(dir.File("ca.pem"));
  ProbeSpec with_ca = Http(server.url());
  with_ca.ca_file = dir.File("ca.pem");
  const ProbeResult trusted = RunProbe(with_ca);
  EXPECT_TRUE(trusted.success) << trusted.reason;
  ASSERT_TRUE(trusted.certificate_expiry);
  EXPECT_EQ(ToMillis(*trusted.certificate_expiry) / 1000, certificate.not_after);

  ProbeSpec insecure = Http(server.url());
  insecure.insecure_skip_verify = true;
  EXPECT_TRUE(RunProbe(insecure).success);
}

TEST(ProbeCheckTest, WrongServerNameFailsVerification) {
  const SelfSignedCertificate certificate(10);
  ProbeTargetServer server(TargetMode::kHealthy, &certificate);
  testing::TempDir dir;
  certificate.WritePem(dir.File("ca.pem"));
  ProbeSpec probe = Http(server.url());
  probe.ca_file = dir.File("ca.pem");
  probe.server_name = "api.example.org";
  const ProbeResult result = RunProbe(probe);
  EXPECT_FALSE(result.success);
  EXPECT_NE(result.reason.find("certificate verify failed"), std::string::npos) << result.reason;

  probe.server_name = "localhost";
  EXPECT_TRUE(RunProbe(probe).success);
}

TEST(ProbeCheckTest, MissingCaFileIsAFailureThatSaysSo) {
  ProbeTargetServer server(TargetMode::kHealthy, nullptr);
  ProbeSpec probe = Http("https://127.0.0.1:" + std::to_string(server.port()) + "/");
  probe.ca_file = "/nonexistent/ca.pem";
  const ProbeResult result = RunProbe(probe);
  EXPECT_FALSE(result.success);
  EXPECT_EQ(result.reason.rfind("cannot load the CA file \"/nonexistent/ca.pem\"", 0), 0u)
      << result.reason;
}

}  // namespace
}  // namespace heartbeat
