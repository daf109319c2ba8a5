// Operations endpoints: /metrics (validated by the real promtool), landing page, health, readiness.
#include <cstdio>
#include <fstream>
#include <regex>

#include "common/promtool.h"
#include "common/server_fixture.h"

namespace heartbeat::testing {
namespace {

using nlohmann::json;

class OperationsApiTest : public ServerTest {
 protected:
  void Customize(ExporterOptions& options) override { options.statuscope_compat = true; }
};

TEST_F(OperationsApiTest, MetricsCarryEverySpecFamilyAndPassPromtool) {
  const std::string token =
      CreateApp({{"name", "backup"}, {"interval", "1h"}, {"grace", "5m"}, {"team", "ops"}});
  CreateApp({{"name", "nightly"}, {"schedule", "30 2 * * *"}, {"timezone", "Europe/Zurich"}});
  client_->Get(("/ping/" + token + "/start").c_str());
  clock_.Advance(std::chrono::seconds(12));
  client_->Get(("/ping/" + token).c_str());

  auto res = client_->Get("/metrics");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
  const std::string& text = res->body;
  const std::string labels = "{application=\"backup\",team=\"ops\"}";
  const double checkin = 1780315212.0;  // 2026-06-01T12:00:12Z
  for (const auto& [series, value] : std::vector<std::pair<std::string, std::string>>{
           {"heartbeat_state", "1"},
           {"heartbeat_up", "1"},
           {"heartbeat_last_checkin_timestamp_seconds",
            std::to_string(static_cast<long long>(checkin))},
           {"heartbeat_last_success_timestamp_seconds",
            std::to_string(static_cast<long long>(checkin))},
           {"heartbeat_last_failure_timestamp_seconds", "0"},
           {"heartbeat_last_start_timestamp_seconds", "1780315200"},
           {"heartbeat_last_duration_seconds", "12"},
           {"heartbeat_deadline_timestamp_seconds", "1780318812"},
           {"heartbeat_interval_seconds", "3600"},
           {"heartbeat_grace_seconds", "300"},
           {"heartbeat_signals_total", "1"},
           {"heartbeat_signal_failures_total", "0"},
           {"statuscope_check_ok", "1"},
       }) {
    EXPECT_NE(text.find(series + labels + " " + value + "\n"), std::string::npos) << series;
  }
  EXPECT_NE(
      text.find(
          "heartbeat_application_info{application=\"nightly\",team=\"\",schedule=\"30 2 * * *\","
          "timezone=\"Europe/Zurich\",kind=\"push\",email=\"\"} 1"),
      std::string::npos);
  EXPECT_NE(text.find("heartbeat_interval_seconds{application=\"nightly\",team=\"\"} 0\n"),
            std::string::npos)
      << "0 for a schedule";
  for (const char* state : {"new", "ok", "late", "outdated", "fail", "paused"}) {
    EXPECT_NE(text.find("heartbeat_applications{state=\"" + std::string(state) + "\"}"),
              std::string::npos)
        << state;
  }
  for (const char* family :
       {"heartbeat_exporter_build_info{", "heartbeat_exporter_http_requests_total{",
        "heartbeat_exporter_http_request_duration_seconds_bucket{",
        "heartbeat_exporter_store_commit_duration_seconds_bucket{",
        "heartbeat_exporter_store_commit_batch_size_bucket{",
        "heartbeat_exporter_config_last_reload_successful ", "process_cpu_seconds_total ",
        "process_resident_memory_bytes ", "process_start_time_seconds ", "process_open_fds "}) {
    EXPECT_NE(text.find(family), std::string::npos) << family;
  }
  // No sample carries a timestamp: every sample line is `name{labels} value`.
  const std::regex sample_with_timestamp(R"(^[a-z_]+(\{.*\})? \S+ \S+$)");
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || line[0] == '#') continue;
    EXPECT_FALSE(std::regex_match(line, sample_with_timestamp)) << line;
  }
  const auto [status, output] = PromtoolCheckMetrics(text, dir_.path().string());
  EXPECT_EQ(status, 0) << "promtool check metrics (Debian package prometheus) said:\n" << output;
}

// The families rendered from the index: everything before the exporter's own
// metrics, which count the requests themselves and so differ between two scrapes.
std::string ApplicationPart(const std::string& text) {
  return text.substr(0, text.find("# HELP heartbeat_exporter_"));
}

TEST_F(OperationsApiTest, MetricsAreGzippedWhenAskedAndSayTheSame) {
  CreateApp({{"name", "backup"}, {"team", "ops"}});
  httplib::Client raw("127.0.0.1", port_);
  raw.set_decompress(false);
  auto res = raw.Get("/metrics", {{"Accept-Encoding", "gzip"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Encoding"), "gzip");
  EXPECT_EQ(res->get_header_value("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_EQ(res->get_header_value("Vary"), "Accept-Encoding");
  EXPECT_EQ(res->get_header_value("Content-Length"), std::to_string(res->body.size()));
  ASSERT_GE(res->body.size(), 2u);
  EXPECT_EQ(static_cast<unsigned char>(res->body[0]), 0x1f);
  EXPECT_EQ(static_cast<unsigned char>(res->body[1]), 0x8b);

  httplib::Client decoding("127.0.0.1", port_);  // httplib's zlib decodes it
  auto decoded = decoding.Get("/metrics", {{"Accept-Encoding", "gzip"}});
  ASSERT_TRUE(decoded);
  const std::string plain = Metrics();
  EXPECT_NE(ApplicationPart(plain).find("heartbeat_up{application=\"backup\",team=\"ops\"} 1\n"),
            std::string::npos);
  EXPECT_EQ(ApplicationPart(decoded->body), ApplicationPart(plain));
  EXPECT_NE(decoded->body.find("# HELP heartbeat_exporter_"), std::string::npos);
}

// Weights are honoured, brotli is never used, and a refusal of both codings is
// answered with 406 and a sentence (uncompressed, as asked).
TEST_F(OperationsApiTest, MetricsFollowAcceptEncodingWeights) {
  CreateApp({{"name", "backup"}});
  httplib::Client raw("127.0.0.1", port_);
  raw.set_decompress(false);
  for (const char* plain_asked : {"gzip;q=0", "br", "gzip;q=0.5, identity", "deflate"}) {
    auto res = raw.Get("/metrics", {{"Accept-Encoding", plain_asked}});
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200) << plain_asked;
    EXPECT_FALSE(res->has_header("Content-Encoding")) << plain_asked;
    EXPECT_EQ(res->body.rfind("# HELP heartbeat_state ", 0), 0u) << plain_asked;
  }
  auto gzip = raw.Get("/metrics", {{"Accept-Encoding", "identity;q=0.5, br, GZIP;q=0.8"}});
  ASSERT_TRUE(gzip);
  EXPECT_EQ(gzip->get_header_value("Content-Encoding"), "gzip");
  for (const char* refused : {"identity;q=0", "gzip;q=0, *;q=0"}) {
    auto res = raw.Get("/metrics", {{"Accept-Encoding", refused}});
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 406) << refused;
    EXPECT_FALSE(res->has_header("Content-Encoding")) << refused;
    EXPECT_NE(res->body.find("refuses both gzip and identity"), std::string::npos) << res->body;
  }
}

TEST_F(OperationsApiTest, StatesAreCountedPerState) {
  const std::string a = CreateApp({{"name", "a"}, {"interval", "1h"}});
  const std::string b = CreateApp({{"name", "b"}, {"interval", "1h"}});
  CreateApp({{"name", "c"}, {"interval", "1h"}});
  client_->Get(("/ping/" + a).c_str());
  client_->Get(("/ping/" + b + "/1").c_str());
  const std::string text = Metrics();
  EXPECT_NE(text.find("heartbeat_applications{state=\"ok\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("heartbeat_applications{state=\"fail\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("heartbeat_applications{state=\"new\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("heartbeat_up{application=\"b\",team=\"\"} 0\n"), std::string::npos);
  EXPECT_NE(text.find("statuscope_check_ok{application=\"b\",team=\"\"} 3\n"), std::string::npos);
}

TEST_F(OperationsApiTest, LandingPageEscapesAndLinks) {
  CreateApp({{"name", "backup"}, {"team", "<script>alert(1)</script>"}});
  auto res = client_->Get("/");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(res->body.find("href=\"/metrics\""), std::string::npos);
  EXPECT_NE(res->body.find("backup"), std::string::npos);
  EXPECT_EQ(res->body.find("<script>"), std::string::npos);
  EXPECT_NE(res->body.find("&lt;script&gt;"), std::string::npos);
}

TEST_F(OperationsApiTest, HealthyReadyAndReloadWithoutConfig) {
  EXPECT_EQ(client_->Get("/-/healthy")->status, 200);
  EXPECT_EQ(client_->Get("/-/ready")->status, 200);
  auto reload = client_->Post("/-/reload", "", "");
  ASSERT_TRUE(reload);
  EXPECT_EQ(reload->status, 400);
  EXPECT_NE(reload->body.find("--config.file"), std::string::npos);
}

TEST_F(OperationsApiTest, UnknownPathsAnswerJsonErrors) {
  auto res = client_->Get("/nope");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);
  EXPECT_TRUE(json::parse(res->body).contains("error"));
}

class TelemetryPathTest : public ServerTest {
 protected:
  void Customize(ExporterOptions& options) override { options.telemetry_path = "/custom-metrics"; }
};

TEST_F(TelemetryPathTest, MetricsMoveWithTheFlag) {
  EXPECT_EQ(client_->Get("/custom-metrics")->status, 200);
  EXPECT_EQ(client_->Get("/metrics")->status, 404);
}

}  // namespace
}  // namespace heartbeat::testing
