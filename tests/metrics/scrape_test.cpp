#include "heartbeat/metrics/scrape.h"

#include <gtest/gtest.h>
#include <prometheus/counter.h>
#include <prometheus/registry.h>

#include "common/gunzip.h"
#include "common/test_time.h"
#include "heartbeat/metrics/job_metrics.h"

namespace heartbeat {
namespace {

using testing::Gunzip;
using testing::Utc;

class ScrapeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::vector<StateIndex::Change> changes;
    for (int i = 0; i < 3000; ++i) {
      auto app = std::make_shared<Application>();
      app->id = i + 1;
      app->spec.name = "app-" + std::to_string(i);
      app->spec.team = i % 2 ? "ops" : "team \"q\"";
      app->spec.interval = std::chrono::hours(1);
      app->token_hash = HashToken(app->spec.name);
      app->created_at = Utc("2026-06-01 08:00:00");
      if (i % 3 == 0) app->last_success = Utc("2026-06-01 11:30:00") + std::chrono::milliseconds(i);
      if (i % 300 == 0) {  // job metrics (issue 16) come last, before the collectables
        app->job_metrics = MakeJobMetrics(ParseJobMetrics(
            "# HELP rows Rows copied.\n# TYPE rows gauge\nrows{table=\"t\"} " + std::to_string(i)));
      }
      changes.push_back({app, 0});
    }
    index_.Publish(changes);
    auto registry = std::make_shared<prometheus::Registry>();
    prometheus::BuildCounter()
        .Name("heartbeat_exporter_test_total")
        .Help("A counter of the exporter's own.")
        .Register(*registry)
        .Add({})
        .Increment(3);
    collectables_.push_back(registry);
  }

  std::string Text() {
    std::string text;
    WriteScrapeText(writer_, collectables_, [&text](std::string_view piece) {
      text.append(piece);
      return true;
    });
    return text;
  }

  StateIndex index_;
  ManualTimeSource clock_{Utc("2026-06-01 12:00:00")};
  ApplicationMetricsWriter writer_{index_, clock_, true};
  Collectables collectables_;
};

TEST_F(ScrapeTest, GzipCarriesExactlyTheText) {
  const std::string text = Text();
  EXPECT_EQ(text.rfind("# HELP heartbeat_state ", 0), 0u);
  EXPECT_NE(text.find("\nheartbeat_exporter_test_total 3\n"), std::string::npos)
      << "the collectables follow the application families";
  EXPECT_NE(text.find("# TYPE rows gauge\nrows{application=\"app-0\",team=\"team \\\"q\\\"\","
                      "table=\"t\"} 0\n"),
            std::string::npos);
  EXPECT_LT(text.find("\nrows{application=\"app-900\""),
            text.find("heartbeat_exporter_test_total"));
  const std::string gz = GzipScrape(writer_, collectables_);
  EXPECT_LT(gz.size(), text.size() / 5);
  EXPECT_EQ(Gunzip(gz), text);
}

TEST_F(ScrapeTest, TheTextStopsWhenTheClientIsGone) {
  int pieces = 0;
  WriteScrapeText(writer_, collectables_, [&pieces](std::string_view) {
    ++pieces;
    return false;
  });
  EXPECT_EQ(pieces, 1) << "neither further families nor the collectables are rendered";
}

}  // namespace
}  // namespace heartbeat
