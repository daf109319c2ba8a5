// Job metrics against a real exporter (issue 16, "a Pushgateway with a TTL"):
// pushed with a success on /ping/<token>/metrics, as Prometheus text on
// /ping/<token>, or as Cronitor `metric=` parameters; shown on /metrics with the
// application's labels, hidden (or marked stale) once it is outdated, kept
// across restarts; every refusal answers with a sentence and records nothing.
#include <gmock/gmock.h>

#include "common/promtool.h"
#include "common/push_fixture.h"

namespace heartbeat::testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

constexpr const char* kPrometheusText = "text/plain; version=0.0.4; charset=utf-8";

constexpr const char* kBackupMetrics =
    "# HELP backup_bytes Bytes written.\n"
    "# TYPE backup_bytes gauge\n"
    "backup_bytes{target=\"s3\"} 1.2e9\n"
    "backup_files 42\n";

class JobMetricsTest : public PushTest {
 protected:
  void SetUp() override {
    PushTest::SetUp();
    token_ = CreateApp({{"name", "nightly"}, {"team", "ops"}, {"interval", "1h"}, {"grace", "5m"}});
  }

  void Customize(ExporterOptions& options) override {
    options.job_metrics_stale = stale_;
    options.job_series_limit = series_limit_;
    options.labels_on_all_series = labels_on_all_series_;
  }

  httplib::Result PushMetrics(const std::string& token, const std::string& text) {
    return client_->Post(("/ping/" + token + "/metrics").c_str(), text, "text/plain");
  }

  std::string CreateArchive() {
    return CreateApp({{"name", "archive"}, {"team", "db"}, {"interval", "1h"}, {"grace", "5m"}});
  }

  // The answer's body, once its status is checked.
  std::string Refused(const std::string& token, const std::string& text, int status) {
    auto res = PushMetrics(token, text);
    EXPECT_TRUE(res);
    if (!res) return std::string();
    EXPECT_EQ(res->status, status) << res->body;
    return res->body;
  }

  // Restarts with --metrics.labels-on-all-series and gives "nightly" owner="db".
  void OwnerOnAllSeries() {
    labels_on_all_series_ = true;
    Restart();
    auto res = client_->Patch("/api/v1/applications/nightly", Admin(),
                              json({{"labels", {{"owner", "db"}}}}).dump(), "application/json");
    ASSERT_TRUE(res && res->status == 200) << (res ? res->body : "");
  }

  std::size_t Count(const std::string& text, const std::string& part) {
    std::size_t count = 0;
    for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) {
      ++count;
    }
    return count;
  }

  std::string token_;
  std::string stale_ = "hide";
  long long series_limit_ = kDefaultJobSeriesLimit;
  bool labels_on_all_series_ = false;
};

constexpr const char* kShownBackupBytes =
    "# HELP backup_bytes Bytes written.\n"
    "# TYPE backup_bytes gauge\n"
    "backup_bytes{application=\"nightly\",team=\"ops\",target=\"s3\"} 1.2e+09\n";
constexpr const char* kShownBackupFiles =
    "# TYPE backup_files untyped\n"
    "backup_files{application=\"nightly\",team=\"ops\"} 42\n";

TEST_F(JobMetricsTest, ShownWithTheApplicationsLabelsUntilOutdatedAndAcrossRestarts) {
  auto res = PushMetrics(token_, kBackupMetrics);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(res->body, "OK");
  EXPECT_EQ(Check("nightly")["state"], "ok") << "a metrics push is a success";
  for (int round = 0; round < 2; ++round) {
    const std::string metrics = Metrics();
    EXPECT_THAT(metrics, HasSubstr(kShownBackupBytes)) << "round " << round;
    EXPECT_THAT(metrics, HasSubstr(kShownBackupFiles));
    EXPECT_EQ(Sample("heartbeat_job_metrics_stale", "nightly", "ops"), "0");
    Restart();
  }
  clock_.Advance(std::chrono::hours(2));
  EXPECT_EQ(Check("nightly")["state"], "outdated");
  for (int round = 0; round < 2; ++round) {
    const std::string metrics = Metrics();
    EXPECT_THAT(metrics, Not(HasSubstr("backup_bytes"))) << "round " << round;
    EXPECT_THAT(metrics, Not(HasSubstr("backup_files")));
    EXPECT_EQ(Sample("heartbeat_job_metrics_stale", "nightly", "ops"), "1");
    Restart();
  }
  // A success without metrics vouches for the last ones again.
  res = client_->Get(("/ping/" + token_).c_str());
  ASSERT_TRUE(res && res->status == 200);
  EXPECT_THAT(Metrics(), HasSubstr(kShownBackupBytes));
}

TEST_F(JobMetricsTest, PausedHidesThemAndKeepModeMarksThemStale) {
  ASSERT_EQ(PushMetrics(token_, kBackupMetrics)->status, 200);
  auto res = client_->Post("/api/v1/applications/nightly/pause", Admin(), "", "application/json");
  ASSERT_TRUE(res && res->status == 200) << (res ? res->body : "");
  EXPECT_THAT(Metrics(), Not(HasSubstr("backup_bytes")));
  EXPECT_EQ(Sample("heartbeat_job_metrics_stale", "nightly", "ops"), "1");
  stale_ = "keep";
  Restart();
  EXPECT_THAT(Metrics(), HasSubstr(kShownBackupBytes));
  EXPECT_EQ(Sample("heartbeat_job_metrics_stale", "nightly", "ops"), "1");
}

TEST_F(JobMetricsTest, FamiliesAreGroupedAcrossApplicationsWithOneTypeAndHelp) {
  const std::string other = CreateArchive();
  ASSERT_EQ(PushMetrics(token_, kBackupMetrics)->status, 200);
  ASSERT_EQ(PushMetrics(other, "# TYPE backup_bytes gauge\nbackup_bytes 7\n")->status, 200);
  const std::string metrics = Metrics();
  EXPECT_EQ(Count(metrics, "# TYPE backup_bytes gauge\n"), 1u);
  EXPECT_EQ(Count(metrics, "# HELP backup_bytes "), 1u);
  EXPECT_THAT(metrics, HasSubstr("# TYPE backup_bytes gauge\n"
                                 "backup_bytes{application=\"archive\",team=\"db\"} 7\n"
                                 "backup_bytes{application=\"nightly\",team=\"ops\",target=\"s3\"} "
                                 "1.2e+09\n"));
}

TEST_F(JobMetricsTest, PrometheusTextOnThePingUrlIsASuccessWithMetrics) {
  auto res = client_->Post(("/ping/" + token_).c_str(), "rows 12\n", kPrometheusText);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200) << res->body;
  EXPECT_THAT(Metrics(), HasSubstr("rows{application=\"nightly\",team=\"ops\"} 12\n"));
  // Plain text without the version is a log, as before; a failure's body too.
  ASSERT_EQ(client_->Post(("/ping/" + token_).c_str(), "rows 13\n", "text/plain")->status, 200);
  ASSERT_EQ(
      client_->Post(("/ping/" + token_ + "/fail").c_str(), "rows 14\n", kPrometheusText)->status,
      200);
  EXPECT_THAT(Metrics(), HasSubstr("rows{application=\"nightly\",team=\"ops\"} 12\n"));
  EXPECT_EQ(Body("nightly", History("nightly")[0]["id"]), "rows 14\n");
}

TEST_F(JobMetricsTest, KeywordFiltersDoNotReadMetrics) {
  auto res = client_->Patch("/api/v1/applications/nightly", Admin(),
                            json({{"failure_keywords", "error"}}).dump(), "application/json");
  ASSERT_TRUE(res && res->status == 200) << (res ? res->body : "");
  ASSERT_EQ(PushMetrics(token_, "error_count 0\n")->status, 200);
  EXPECT_EQ(Check("nightly")["state"], "ok");
  EXPECT_THAT(Metrics(), HasSubstr("error_count{application=\"nightly\",team=\"ops\"} 0\n"));
}

TEST_F(JobMetricsTest, SlugUrlsCarryMetricsToo) {
  const json key = CreateKey({{"team", "ops"}});
  auto res = client_->Post(("/ping/" + key.value("key", "") + "/nightly/metrics").c_str(),
                           "slug_rows 3\n", "text/plain");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200) << res->body;
  EXPECT_THAT(Metrics(), HasSubstr("slug_rows{application=\"nightly\",team=\"ops\"} 3\n"));
}

TEST_F(JobMetricsTest, RefusalsSayWhyAndRecordNothing) {
  ASSERT_EQ(PushMetrics(token_, kBackupMetrics)->status, 200);
  const std::size_t history = History("nightly").size();
  const auto refused = [&](const std::string& text, int status) {
    return Refused(token_, text, status);
  };
  EXPECT_EQ(refused("ok 1\nbroken{ 2\n", 400),
            "job metrics refused: line 2: expected a label name in \"broken{ 2\"");
  EXPECT_EQ(refused("heartbeat_up 1\n", 400),
            "job metrics refused: line 1: metric heartbeat_up: names starting with heartbeat_ "
            "belong to the exporter in \"heartbeat_up 1\"");
  EXPECT_THAT(refused("process_open_fds 1\n", 400), HasSubstr("starting with process_"));
  EXPECT_THAT(refused("x{team=\"db\"} 1\n", 400), HasSubstr("label team is set by the exporter"));
  std::string many;
  for (int i = 0; i <= 200; ++i) many += "series{n=\"" + std::to_string(i) + "\"} 1\n";
  EXPECT_THAT(refused(many, 400), HasSubstr("line 201: more than 200 series per application"));
  EXPECT_THAT(refused(std::string(70000, '#'), 400),
              HasSubstr("job metrics may have at most 65536 bytes"));
  EXPECT_EQ(History("nightly").size(), history) << "a refused push records no signal";

  const std::string other = CreateArchive();
  EXPECT_EQ(Refused(other, "# TYPE backup_bytes counter\nbackup_bytes 1\n", 409),
            "metric backup_bytes is a counter here but a gauge in application \"nightly\"; a name "
            "has one type across applications (rename it or change its TYPE)");
  EXPECT_TRUE(History("archive").empty());
  EXPECT_EQ(Check("archive")["state"], "new");
  EXPECT_THAT(Metrics(), HasSubstr(kShownBackupBytes)) << "what was stored is unchanged";
}

TEST_F(JobMetricsTest, TheSeriesLimitCountsEveryApplication) {
  series_limit_ = 3;
  Restart();
  const std::string other = CreateArchive();
  ASSERT_EQ(PushMetrics(token_, "a 1\nb 2\n")->status, 200);
  EXPECT_EQ(Refused(other, "c 1\nd 2\n", 409),
            "these 2 job metric series would make 4 across all applications, over the limit of 3 "
            "(--metrics.job-series-limit)");
  ASSERT_EQ(PushMetrics(token_, "a 1\n")->status, 200) << "replacing counts the new set only";
  ASSERT_EQ(PushMetrics(other, "c 1\nd 2\n")->status, 200);
  ASSERT_EQ(client_->Delete("/api/v1/applications/nightly", Admin())->status, 200);
  Restart();
  ASSERT_EQ(PushMetrics(other, "c 1\nd 2\ne 3\n")->status, 200) << "a deletion frees its series";
}

TEST_F(JobMetricsTest, ClashingJobLabelsAreRenamedExported) {
  ASSERT_NO_FATAL_FAILURE(OwnerOnAllSeries());
  ASSERT_EQ(PushMetrics(token_, "rows{owner=\"job\"} 5\n")->status, 200);
  EXPECT_THAT(Metrics(), HasSubstr("rows{application=\"nightly\",team=\"ops\",owner=\"db\","
                                   "exported_owner=\"job\"} 5\n"));
}

// Whatever was accepted, the scrape stays one that Prometheus's own checker
// passes: escapes, special values, families shared by applications, renamed labels.
TEST_F(JobMetricsTest, TheScrapePassesPromtool) {
  ASSERT_NO_FATAL_FAILURE(OwnerOnAllSeries());
  ASSERT_EQ(PushMetrics(token_,
                        "# HELP rows_copied_total Rows \\copied\\n \"quoted\" \\x.\n"
                        "# TYPE rows_copied_total counter\n"
                        "rows_copied_total{table=\"a\\\\b\\\"c\",owner=\"job\"} 1e21\n"
                        "rows_copied_total{table=\"\u00e9t\u00e9\"} 0\n"
                        "# HELP backup_ratio A ratio.\n# TYPE backup_ratio gauge\n"
                        "backup_ratio NaN\nbackup_ratio{bound=\"up\"} +Inf\n"
                        "backup_ratio{bound=\"down\"} -Inf\n")
                ->status,
            200);
  const std::string other = CreateArchive();
  ASSERT_EQ(PushMetrics(other,
                        "# HELP backup_ratio Another help.\n# TYPE backup_ratio gauge\n"
                        "backup_ratio 0.5\n")
                ->status,
            200);
  const std::string metrics = Metrics();
  EXPECT_THAT(metrics, HasSubstr("exported_owner=\"job\""));
  const auto [status, output] = PromtoolCheckMetrics(metrics, dir_.path().string());
  EXPECT_EQ(status, 0) << output << metrics;
}

TEST_F(JobMetricsTest, CronitorMetricParameters) {
  const std::string key = CreateKey({{"team", "ops"}}).value("key", "");
  auto res = RawGet("/p/" + key + "/nightly?state=complete&metric=count:5&metric=error_count%3A0");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200) << res->body;
  const std::string metrics = Metrics();
  EXPECT_THAT(metrics, HasSubstr("# TYPE count untyped\n"
                                 "count{application=\"nightly\",team=\"ops\"} 5\n"));
  EXPECT_THAT(metrics, HasSubstr("error_count{application=\"nightly\",team=\"ops\"} 0\n"));
  res = RawGet("/p/" + key + "/nightly?state=complete&metric=count:five");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_THAT(res->body, StartsWith("metric \"count:five\" is not name:value"));
  res = RawGet("/p/" + key + "/nightly?state=complete&metric=count:1&metric=count:2");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_EQ(res->body, "metric count is given twice");
  // A run (or a failure) does not replace them.
  ASSERT_EQ(RawGet("/p/" + key + "/nightly?state=run&metric=count:9")->status, 200);
  EXPECT_THAT(Metrics(), HasSubstr("count{application=\"nightly\",team=\"ops\"} 5\n"));
}

}  // namespace
}  // namespace heartbeat::testing
