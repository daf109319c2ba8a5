// Custom labels and run windows in the config file, every mistake named at
// its file, line and field.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/config_error.h"
#include "heartbeat/config/config_file.h"

namespace heartbeat {
namespace {

using testing::ConfigErrorOf;
using ::testing::HasSubstr;

TEST(RichConfigTest, LabelsAndRunWindowsAreRead) {
  const ConfigFile config = ParseConfigText(R"(applications:
  - name: nightly
    schedule: "0 2 * * *"
    grace: 30m
    start_window: 10m
    max_runtime: 2h
    min_runtime: 1m
    labels:
      owner: db
      env: prod
  - name: plain
)",
                                            "hb.yaml");
  ASSERT_EQ(config.applications.size(), 2u);
  const ApplicationSpec& spec = config.applications[0].spec;
  EXPECT_EQ(spec.labels, (Labels{{"env", "prod"}, {"owner", "db"}}));
  EXPECT_EQ(spec.windows.start_window, Seconds(600));
  EXPECT_EQ(spec.windows.max_runtime, Seconds(7200));
  EXPECT_EQ(spec.windows.min_runtime, Seconds(60));
  EXPECT_TRUE(config.applications[1].spec.labels.empty());
  EXPECT_EQ(config.applications[1].spec.windows, RunWindows{});
}

TEST(RichConfigTest, ScheduleTakesAListOfCronAndOnCalendarExpressions) {
  const ConfigFile config = ParseConfigText(R"(applications:
  - name: twice
    schedule:
      - "CRON_TZ=Europe/Berlin 0 2 * * *"
      - "Sat,Sun *-*-* 14:00 UTC"
)",
                                            "hb.yaml");
  EXPECT_EQ(config.applications[0].spec.schedule,
            "CRON_TZ=Europe/Berlin 0 2 * * *; Sat,Sun *-*-* 14:00 UTC");
  EXPECT_THAT(
      ConfigErrorOf("applications:\n  - name: a\n    schedule: [\"daily\", \"*-02-30 00:00\"]\n"),
      HasSubstr("applications[0].schedule: schedule \"*-02-30 00:00\" can never fire"));
  EXPECT_THAT(ConfigErrorOf("applications:\n  - name: a\n    schedule: []\n"),
              HasSubstr("a list of schedules cannot be empty"));
}

TEST(RichConfigTest, MistakesNameFileLineAndField) {
  EXPECT_EQ(ConfigErrorOf("applications:\n  - name: a\n    labels: [owner]\n"),
            "hb.yaml:3: applications[0].labels: expected a map of label names to values, got "
            "a list");
  EXPECT_THAT(ConfigErrorOf("applications:\n  - name: a\n    labels:\n      job: x\n"),
              HasSubstr("applications[0].labels: label name \"job\" is reserved"));
  EXPECT_THAT(ConfigErrorOf("applications:\n  - name: a\n    labels:\n      owner: [x]\n"),
              HasSubstr("applications[0].labels.owner: expected a string value"));
  EXPECT_THAT(
      ConfigErrorOf("applications:\n  - name: a\n    interval: 1h\n    max_runtime: soon\n"),
      HasSubstr("applications[0].max_runtime: \"soon\" is not a duration"));
  EXPECT_THAT(ConfigErrorOf("applications:\n  - name: a\n    start_window: 5m\n"),
              HasSubstr("start_window needs an interval or a schedule"));
  EXPECT_THAT(
      ConfigErrorOf(
          "applications:\n  - name: a\n    interval: 1h\n    grace: 5m\n    min_runtime: 5m\n"),
      HasSubstr("min_runtime 5m must be shorter than the maximum run time (5m, grace)"));
}

}  // namespace
}  // namespace heartbeat
