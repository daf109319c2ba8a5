// heartbeatctl's ping key commands: the request body built from the flags, and
// what `key list` and `key add` print.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>
#include <vector>

#include "ctl/args.h"
#include "ctl/format.h"

namespace heartbeat::ctl {
namespace {

using ::testing::HasSubstr;

// 2024-05-01T10:00:00Z
const TimePoint kNow = FromMillis(1714557600000LL);

TEST(PingKeyBodyTest, FlagsBecomeTheApiBody) {
  PingKeyArgs args;
  args.team = "ops";
  EXPECT_EQ(BuildPingKeyBody(args), nlohmann::json({{"team", "ops"}, {"auto_provision", false}}));
  args.auto_provision = true;
  args.schedule = "30 2 * * *";
  args.timezone = "Europe/Zurich";
  args.grace = "2h";
  args.key = "fqOOd6-F4MMNuCEnzTU01w";
  EXPECT_EQ(BuildPingKeyBody(args), nlohmann::json({{"team", "ops"},
                                                    {"auto_provision", true},
                                                    {"key", "fqOOd6-F4MMNuCEnzTU01w"},
                                                    {"schedule", "30 2 * * *"},
                                                    {"timezone", "Europe/Zurich"},
                                                    {"grace", "2h"}}));
}

TEST(PingKeyBodyTest, MistakesAreUsageErrors) {
  const auto error_of = [](PingKeyArgs args) -> std::string {
    try {
      BuildPingKeyBody(args);
    } catch (const UsageError& error) {
      return error.what();
    }
    return "no error";
  };
  PingKeyArgs settings_without_provisioning;
  settings_without_provisioning.grace = "1h";
  EXPECT_THAT(error_of(settings_without_provisioning), HasSubstr("add --auto-provision"));
  PingKeyArgs both;
  both.auto_provision = true;
  both.interval = "1h";
  both.schedule = "@daily";
  EXPECT_EQ(error_of(both), "--interval and --schedule exclude each other: give one of them");
  PingKeyArgs zone;
  zone.auto_provision = true;
  zone.timezone = "UTC";
  EXPECT_EQ(error_of(zone), "--timezone only applies to a --schedule");
  PingKeyArgs blank;
  blank.key = "  ";
  EXPECT_EQ(error_of(blank), "--key is blank");
  PingKeyArgs duration;
  duration.auto_provision = true;
  duration.interval = "soon";
  EXPECT_THAT(error_of(duration), HasSubstr("--interval: \"soon\" is not a duration"));
}

TEST(PingKeyFormatTest, ListShowsProvisioningNeverAKey) {
  const auto keys = nlohmann::json::parse(R"([
    {"id": 1, "team": "ops", "auto_provision": false, "interval": 0, "schedule": null,
     "timezone": "UTC", "grace": 0, "created_at": "2024-05-01T09:00:00.000Z"},
    {"id": 2, "team": "web\u0007", "auto_provision": true, "interval": 0,
     "schedule": "30 2 * * *", "timezone": "Europe/Zurich", "grace": 3600,
     "created_at": "2024-05-01T09:55:00.000Z"},
    {"id": 3, "team": "", "auto_provision": true, "interval": 86400, "schedule": null,
     "timezone": "UTC", "grace": 3600}
  ])");
  std::vector<std::string> lines;
  std::istringstream text(FormatPingKeyTable(keys, kNow));
  for (std::string line; std::getline(text, line);) lines.push_back(line);
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_THAT(lines[0], HasSubstr("ID"));
  EXPECT_THAT(lines[1], HasSubstr("ops"));
  EXPECT_THAT(lines[1], HasSubstr("off"));
  EXPECT_THAT(lines[1], HasSubstr("(1h ago)"));
  EXPECT_THAT(lines[2], HasSubstr("web\\x07")) << "control characters are shown escaped";
  EXPECT_THAT(lines[2], HasSubstr("schedule 30 2 * * * (Europe/Zurich), grace 1h (3600s)"));
  EXPECT_THAT(lines[3], HasSubstr("interval 1d (86400s), grace 1h (3600s)"));
}

TEST(PingKeyFormatTest, AddPrintsTheKeyAndItsUrlsOnce) {
  const auto answer = nlohmann::json::parse(R"({
    "id": 4, "team": "ops", "key": "k3y", "auto_provision": false,
    "slug_url": "http://hb:9799/ping/k3y/<name>", "cronitor_url": "http://hb:9799/p/k3y/<name>"
  })");
  EXPECT_EQ(FormatPingKeyInstructions(answer),
            "Added ping key 4 for team \"ops\". Key: k3y\n"
            "healthchecks.io slug URL: http://hb:9799/ping/k3y/<name>\n"
            "Cronitor telemetry URL:   http://hb:9799/p/k3y/<name>\n"
            "Auto-provisioning:        off\n"
            "<name> is an application of the team; the key is shown only now, the server keeps "
            "only its hash.\n");
}

}  // namespace
}  // namespace heartbeat::ctl
