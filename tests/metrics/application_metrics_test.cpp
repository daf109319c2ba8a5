#include "heartbeat/metrics/application_metrics.h"

#include <gtest/gtest.h>
#include <prometheus/text_serializer.h>

#include <limits>

#include "common/test_time.h"
#include "heartbeat/core/validation.h"
#include "heartbeat/metrics/application_families.h"
#include "heartbeat/metrics/collector.h"
#include "heartbeat/metrics/job_metrics.h"

namespace heartbeat {
namespace {

using testing::Utc;

class ApplicationMetricsTest : public ::testing::Test {
 protected:
  void Add(const std::string& name, const std::string& team, void (*adjust)(Application&)) {
    auto app = std::make_shared<Application>();
    app->id = static_cast<long long>(changes_.size()) + 1;
    app->spec.name = name;
    app->spec.team = team;
    app->spec.interval = std::chrono::hours(1);
    app->spec.grace = std::chrono::minutes(5);
    app->token_hash = HashToken(name);
    app->created_at = Utc("2026-06-01 08:00:00");
    adjust(*app);
    changes_.push_back({app, 0});
  }

  std::string Streamed(bool statuscope, bool labels_on_all_series = false) {
    index_.Publish(changes_);
    std::string text;
    ApplicationMetricsWriter(index_, clock_, statuscope, labels_on_all_series)
        .Write([&](std::string_view piece) {
          text.append(piece);
          return true;
        });
    return text;
  }

  std::string Reference(bool statuscope, bool labels_on_all_series = false) {
    return prometheus::TextSerializer().Serialize(
        ApplicationCollector(index_, clock_, statuscope, labels_on_all_series).Collect());
  }

  std::vector<StateIndex::Change> changes_;
  StateIndex index_;
  ManualTimeSource clock_{Utc("2026-06-01 12:00:00")};
};

// The fast writer must say exactly what prometheus-cpp's serializer says about
// the same families.
TEST_F(ApplicationMetricsTest, MatchesTextSerializerByteForByte) {
  Add("ok-app", "ops", [](Application& app) {
    app.last_success = Utc("2026-06-01 11:30:00") + std::chrono::milliseconds(123);
    app.last_start = Utc("2026-06-01 11:29:00");
    app.last_duration_seconds = 60.123;
    app.signals_total = 42;
  });
  Add("failed.app", "team \"quoted\" \\ back\nslash", [](Application& app) {
    app.last_failure = Utc("2026-06-01 11:00:00");
    app.signals_total = 7;
    app.failures_total = 3;
  });
  Add("nightly", "", [](Application& app) {
    app.spec.interval = Seconds(0);
    app.spec.schedule = "30 2 * * *";
    app.spec.timezone = "Europe/Zurich";
    app.schedule = Schedule::Parse("30 2 * * *", "Europe/Zurich");
  });
  Add("paused", "ops", [](Application& app) { app.paused = true; });
  Add("missing", "ops", [](Application& app) { app.last_success = Utc("2026-06-01 09:00:00"); });
  Add("labelled", "db", [](Application& app) {
    app.spec.labels = {{"owner", "d\"b\\a"}, {"env", "prod"}};
    app.spec.windows.min_runtime = Seconds(60);
    app.last_success = Utc("2026-06-01 11:00:00");
    app.last_duration_seconds = 2;  // too fast
  });
  for (bool statuscope : {false, true}) {
    for (bool labels_on_all_series : {false, true}) {
      const std::string streamed = Streamed(statuscope, labels_on_all_series);
      EXPECT_EQ(streamed, Reference(statuscope, labels_on_all_series))
          << "statuscope_compat=" << statuscope << " labels_on_all_series=" << labels_on_all_series;
    }
  }
  EXPECT_NE(Streamed(false).find("heartbeat_state_reason{application=\"labelled\",team=\"db\","
                                 "reason=\"too_fast\"} 1\n"),
            std::string::npos);
  EXPECT_NE(Streamed(false, true)
                .find("heartbeat_up{application=\"labelled\",team=\"db\","
                      "env=\"prod\",owner=\"d\\\"b\\\\a\"} 0\n"),
            std::string::npos);
  const std::string text = Streamed(false);
  EXPECT_NE(text.find("team=\"team \\\"quoted\\\" \\\\ back\\nslash\""), std::string::npos);
  EXPECT_NE(text.find("heartbeat_last_success_timestamp_seconds{application=\"ok-app\",team="
                      "\"ops\"} 1780313400.123\n"),
            std::string::npos);
}

std::shared_ptr<const JobMetrics> JobText(const std::string& text) {
  return MakeJobMetrics(ParseJobMetrics(text));
}

// Job metrics (job_exposition.h): grouped by name across applications, with
// the application's labels first, hidden or kept when stale, and the same in
// the fast writer as in the reference collector.
TEST_F(ApplicationMetricsTest, JobMetricsMatchTheReferenceInEveryMode) {
  Add("fresh", "ops", [](Application& app) {
    app.last_success = Utc("2026-06-01 11:30:00");
    app.spec.labels = {{"owner", "db"}};
    app.job_metrics = JobText(
        "# HELP rows Rows copied today.\n# TYPE rows counter\n"
        "rows{table=\"a\\\"b\",owner=\"job\"} 12\nrows 1.5e-07\nlast_size 3\n");
  });
  Add("dead", "ops", [](Application& app) {
    app.last_success = Utc("2026-06-01 09:00:00");  // outdated at 12:00
    app.job_metrics = JobText("# TYPE rows counter\nrows 4\n");
  });
  Add("another", "db", [](Application& app) {
    app.last_success = Utc("2026-06-01 11:45:00");
    app.job_metrics = JobText("# TYPE rows counter\nrows{table=\"x\"} 5\nempty_family_only 0\n");
  });
  Add("without", "ops", [](Application& app) { app.last_success = Utc("2026-06-01 11:45:00"); });
  index_.Publish(changes_);
  for (StaleJobMetrics stale : {StaleJobMetrics::kHide, StaleJobMetrics::kKeep}) {
    for (bool labels_on_all_series : {false, true}) {
      std::string streamed;
      ApplicationMetricsWriter(index_, clock_, false, labels_on_all_series, stale)
          .Write([&](std::string_view piece) {
            streamed.append(piece);
            return true;
          });
      const std::string reference = prometheus::TextSerializer().Serialize(
          ApplicationCollector(index_, clock_, false, labels_on_all_series, stale).Collect());
      EXPECT_EQ(streamed, reference) << "labels_on_all_series=" << labels_on_all_series;
      const bool keep = stale == StaleJobMetrics::kKeep;
      EXPECT_EQ(streamed.find("rows{application=\"dead\",team=\"ops\"} 4\n") != std::string::npos,
                keep);
      EXPECT_NE(streamed.find("heartbeat_job_metrics_stale{application=\"dead\",team=\"ops\"} 1\n"),
                std::string::npos);
      EXPECT_EQ(streamed.find("heartbeat_job_metrics_stale{application=\"without\""),
                std::string::npos);
    }
  }
  std::string text;
  ApplicationMetricsWriter(index_, clock_, false, true).Write([&](std::string_view piece) {
    text.append(piece);
    return true;
  });
  EXPECT_NE(text.find("# HELP rows Rows copied today.\n# TYPE rows counter\n"
                      "rows{application=\"another\",team=\"db\",table=\"x\"} 5\n"
                      "rows{application=\"fresh\",team=\"ops\",owner=\"db\",table=\"a\\\"b\","
                      "exported_owner=\"job\"} 12\n"
                      "rows{application=\"fresh\",team=\"ops\",owner=\"db\"} 1.5e-07\n"),
            std::string::npos)
      << text;
}

// prometheus-cpp 1.0 writes HELP unescaped, so the comparison above uses a
// plain one; the writer escapes \\ and newline as the text format requires.
TEST_F(ApplicationMetricsTest, JobHelpIsEscaped) {
  Add("fresh", "ops", [](Application& app) {
    app.last_success = Utc("2026-06-01 11:30:00");
    app.job_metrics = JobText("# HELP rows Rows \\\\copied\\n today.\nrows 1\n");
  });
  index_.Publish(changes_);
  std::string text;
  ApplicationMetricsWriter(index_, clock_, false).Write([&](std::string_view piece) {
    text.append(piece);
    return true;
  });
  EXPECT_NE(text.find("# HELP rows Rows \\\\copied\\n today.\n# TYPE rows untyped\n"
                      "rows{application=\"fresh\",team=\"ops\"} 1\n"),
            std::string::npos)
      << text;
}

TEST_F(ApplicationMetricsTest, StreamsInPiecesAndStopsWhenTheSinkSaysSo) {
  for (int i = 0; i < 5000; ++i) {
    Add("app-" + std::to_string(i), "team", [](Application&) {});
  }
  index_.Publish(changes_);
  int pieces = 0;
  std::size_t largest = 0;
  ApplicationMetricsWriter(index_, clock_, false).Write([&](std::string_view piece) {
    ++pieces;
    largest = std::max(largest, piece.size());
    return true;
  });
  EXPECT_GT(pieces, 10);
  EXPECT_LT(largest, 80u * 1024);
  int calls = 0;
  ApplicationMetricsWriter(index_, clock_, false).Write([&](std::string_view) {
    return ++calls < 2;
  });
  EXPECT_EQ(calls, 2) << "a client that went away stops the rendering";
}

// Both renderings take every family's name, help and type from the one table.
TEST_F(ApplicationMetricsTest, EveryFamilyOfTheTableIsRenderedWithItsHelpAndType) {
  Add("ok-app", "ops", [](Application&) {});
  const std::string streamed = Streamed(true);
  const std::string reference = Reference(true);
  std::size_t previous = 0;
  for (const ApplicationFamily& family : kApplicationFamilies) {
    const std::string header = std::string("# HELP ") + family.name + " " + family.help +
                               "\n# TYPE " + family.name +
                               (family.counter ? " counter" : " gauge") + "\n";
    const std::size_t at = streamed.find(header);
    ASSERT_NE(at, std::string::npos) << family.name;
    EXPECT_GE(at, previous) << family.name << " is out of the table's order";
    previous = at;
    EXPECT_NE(reference.find(header), std::string::npos) << family.name;
  }
  EXPECT_EQ(Streamed(false).find(kApplicationFamilies[kStatuscopeFamily].name), std::string::npos)
      << "statuscope_check_ok only with --metrics.statuscope-compat";
}

TEST_F(ApplicationMetricsTest, PiecesEndAtLineEndsAndHonourThePieceSize) {
  for (int i = 0; i < 2000; ++i) {
    Add("app-" + std::to_string(i), "team", [](Application&) {});
  }
  index_.Publish(changes_);
  std::vector<std::size_t> sizes;
  std::string joined;
  ApplicationMetricsWriter(index_, clock_, false)
      .Write(
          [&](std::string_view piece) {
            sizes.push_back(piece.size());
            joined.append(piece);
            EXPECT_EQ(piece.back(), '\n');
            return true;
          },
          4096);
  ASSERT_GT(sizes.size(), 2u);
  for (std::size_t i = 0; i + 1 < sizes.size(); ++i) {
    EXPECT_GE(sizes[i], 4096u);
    EXPECT_LT(sizes[i], 4096u + 256);
  }
  EXPECT_EQ(joined, Streamed(false)) << "the piece size does not change the text";
}

// Whatever the store holds, the exposition parses: a team stored with bytes
// that are not UTF-8 (before validation existed, or by any other path) would
// make Prometheus refuse the whole scrape, so its broken bytes become U+FFFD.
TEST_F(ApplicationMetricsTest, InvalidUtf8InStoredLabelsIsReplacedNotEmitted) {
  Add("legacy", "ops\xff\xfe-team", [](Application& app) {
    app.spec.schedule = "0 2 * * *";
    app.spec.timezone = "Bad\xc3";
  });
  const std::string text = Streamed(false);
  EXPECT_EQ(text.find('\xff'), std::string::npos);
  EXPECT_NE(text.find("team=\"ops\xEF\xBF\xBD\xEF\xBF\xBD-team\""), std::string::npos);
  EXPECT_NE(text.find("timezone=\"Bad\xEF\xBF\xBD\""), std::string::npos);
  EXPECT_TRUE(IsValidUtf8(text));
}

// Found by fuzz/metrics/exposition_fuzz.cpp: to_chars spelled them "inf" and "nan".
TEST_F(ApplicationMetricsTest, NonFiniteValuesUseTheFormatsSpelling) {
  Add("up", "ops", [](Application& app) {
    app.last_duration_seconds = std::numeric_limits<double>::infinity();
  });
  Add("down", "ops", [](Application& app) {
    app.last_duration_seconds = -std::numeric_limits<double>::infinity();
  });
  std::string text = Streamed(false);
  EXPECT_EQ(text, Reference(false));
  EXPECT_NE(text.find("heartbeat_last_duration_seconds{application=\"up\",team=\"ops\"} +Inf\n"),
            std::string::npos);
  EXPECT_NE(text.find("heartbeat_last_duration_seconds{application=\"down\",team=\"ops\"} -Inf\n"),
            std::string::npos);
  // prometheus-cpp writes "Nan" (Go's ParseFloat takes any case); the format's spelling is NaN.
  Add("nan", "ops", [](Application& app) {
    app.last_duration_seconds = std::numeric_limits<double>::quiet_NaN();
  });
  text = Streamed(false);
  EXPECT_NE(text.find("heartbeat_last_duration_seconds{application=\"nan\",team=\"ops\"} NaN\n"),
            std::string::npos);
}

}  // namespace
}  // namespace heartbeat
