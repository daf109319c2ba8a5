// The strict text-format parser for a job's own metrics (issue 16) and its
// writer: what is accepted is what /metrics shows.
#include "heartbeat/metrics/job_metrics.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

namespace heartbeat {
namespace {

using ::testing::HasSubstr;

std::string ErrorOf(const std::string& text, std::size_t max_series = kMaxJobSeriesPerApplication) {
  try {
    ParseJobMetrics(text, max_series);
  } catch (const JobMetricsError& error) {
    return error.what();
  }
  return "no error";
}

TEST(JobMetricsTest, FamiliesKeepTypeHelpAndLabels) {
  const auto families = ParseJobMetrics(
      "# HELP backup_bytes Bytes written.\\nSecond line \\\\ here\n"
      "# TYPE backup_bytes gauge\n"
      "backup_bytes{target=\"s3\",tier=\"a\\\"b\"} 1.2e9\n"
      "backup_bytes{target=\"disk\",} 5\n"
      "\n"
      "# a plain comment\n"
      "backup_files_total 42\n"
      "backup_ratio NaN\n"
      "backup_limit +Inf");
  ASSERT_EQ(families.size(), 4u);
  EXPECT_EQ(families[0].name, "backup_bytes");
  EXPECT_EQ(families[0].type, "gauge");
  EXPECT_EQ(families[0].help, "Bytes written.\nSecond line \\ here");
  ASSERT_EQ(families[0].samples.size(), 2u);
  EXPECT_EQ(families[0].samples[0].labels[1].second, "a\"b");
  EXPECT_EQ(families[0].samples[0].value, 1.2e9);
  EXPECT_EQ(families[1].type, "untyped");
  EXPECT_TRUE(std::isnan(families[2].samples[0].value));
  EXPECT_TRUE(std::isinf(families[3].samples[0].value));
}

TEST(JobMetricsTest, WrittenBackWithTheApplicationsLabelsFirst) {
  const auto families = ParseJobMetrics(
      "# HELP backup_bytes Bytes\\nwritten.\n# TYPE backup_bytes gauge\n"
      "backup_bytes{target=\"s\\\\3\"} 1.2e9\nbackup_ok 1\n");
  EXPECT_EQ(WriteJobMetrics(families, "application=\"nightly\",team=\"ops\""),
            "# HELP backup_bytes Bytes\\nwritten.\n"
            "# TYPE backup_bytes gauge\n"
            "backup_bytes{application=\"nightly\",team=\"ops\",target=\"s\\\\3\"} 1.2e+09\n"
            "# TYPE backup_ok untyped\n"
            "backup_ok{application=\"nightly\",team=\"ops\"} 1\n");
  EXPECT_EQ(ParseJobMetrics(WriteJobMetrics(families)).size(), 2u) << "what is stored reads back";
}

TEST(JobMetricsTest, RefusalsNameTheLineAndTheReason) {
  EXPECT_EQ(ErrorOf("ok 1\nheartbeat_state 1\n"),
            "line 2: metric heartbeat_state: names starting with heartbeat_ belong to the exporter "
            "in \"heartbeat_state 1\"");
  EXPECT_EQ(ErrorOf("x{team=\"ops\"} 1"),
            "line 1: label team is set by the exporter or Prometheus in \"x{team=\"ops\"} 1\"");
  EXPECT_THAT(ErrorOf("x{__name__=\"y\"} 1"), HasSubstr("label __name__ is reserved"));
  EXPECT_THAT(ErrorOf("x 1 1700000000000"), HasSubstr("line 1: timestamps are not accepted"));
  EXPECT_THAT(ErrorOf("x one"), HasSubstr("line 1: \"one\" is not a sample value"));
  EXPECT_THAT(ErrorOf("x 0x10"), HasSubstr("is not a sample value"));
  EXPECT_THAT(ErrorOf("# TYPE h histogram\n"),
              HasSubstr("histograms and summaries are not supported"));
  EXPECT_THAT(ErrorOf("# TYPE g gauges\n"), HasSubstr("\"gauges\" is not a type"));
  EXPECT_THAT(ErrorOf("g 1\n# TYPE g gauge\n"),
              HasSubstr("line 2: metric g: TYPE after its samples"));
  EXPECT_THAT(ErrorOf("a 1\nb 1\na 2\n"),
              HasSubstr("line 3: metric a: its samples must be together"));
  EXPECT_THAT(ErrorOf("a{x=\"1\"} 1\na{x=\"1\"} 2\n"),
              HasSubstr("line 2: this series was already given"));
  EXPECT_THAT(ErrorOf("a{x=\"1\",x=\"2\"} 1"), HasSubstr("label x appears twice"));
  EXPECT_THAT(ErrorOf("a{x=\"1} 1"), HasSubstr("a label value is not closed"));
  EXPECT_THAT(ErrorOf("a{x=\"\\t\"} 1"), HasSubstr("unknown escape"));
  EXPECT_THAT(ErrorOf("a{x=\"\x01\"} 1"), HasSubstr("label x contains a control character"));
  EXPECT_THAT(ErrorOf("9a 1"), HasSubstr("expected a metric name"));
  EXPECT_THAT(ErrorOf("a 1\nb 2\nc 3\n", 2),
              HasSubstr("line 3: more than 2 series per application"));
  EXPECT_EQ(ErrorOf("a 1\xff"), "the body is not valid UTF-8");
  EXPECT_THAT(ErrorOf(std::string(kMaxJobMetricsBytes + 1, '#')),
              HasSubstr("job metrics may have at most 65536"));
}

// A lone backslash in HELP is kept, and written back escaped (longer): the
// length allowed is the written one, so stored text always reads back (fuzzing).
TEST(JobMetricsTest, HelpLengthCountsTheTextWrittenBack) {
  std::string quotes;
  for (int i = 0; i < 300; ++i) quotes += "\\\"";
  const auto families = ParseJobMetrics("# HELP h " + quotes + "\nh 1\n");
  EXPECT_EQ(families[0].help.size(), 600u);
  const std::string written = WriteJobMetrics(families);
  EXPECT_EQ(WriteJobMetrics(ParseStoredJobMetrics(written)), written);
  EXPECT_THAT(ErrorOf("# HELP h " + quotes + quotes + "\n"),
              HasSubstr("line 1: HELP is 1800 bytes long written back; at most 1024"));
}

TEST(JobMetricsTest, CronitorMetricParameters) {
  const JobFamily count = ParseCronitorMetric("count:5");
  EXPECT_EQ(count.name, "count");
  EXPECT_EQ(count.samples[0].value, 5);
  EXPECT_EQ(ParseCronitorMetric("duration:12.5").samples[0].value, 12.5);
  EXPECT_THROW(ParseCronitorMetric("count"), std::invalid_argument);
  EXPECT_THROW(ParseCronitorMetric("count:five"), std::invalid_argument);
  EXPECT_THROW(ParseCronitorMetric("heartbeat_up:1"), std::invalid_argument);
  EXPECT_THROW(ParseCronitorMetric("a b:1"), std::invalid_argument);
}

}  // namespace
}  // namespace heartbeat
