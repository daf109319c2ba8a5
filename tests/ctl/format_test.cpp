#include "ctl/format.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>
#include <vector>

namespace heartbeat::ctl {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// 2024-05-01T10:00:00Z
const TimePoint kNow = FromMillis(1714557600000LL);

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST(FormatTimeTest, IsoStringsBecomeReadableWithAge) {
  EXPECT_EQ(FormatTime("2024-05-01T09:55:00.000Z", kNow, "-"), "2024-05-01 09:55:00Z (5m ago)");
  EXPECT_EQ(FormatTime("2024-05-01T11:30:00.250Z", kNow, "-"), "2024-05-01 11:30:00Z (in 1h30m)");
  EXPECT_EQ(FormatTime("2024-05-01T10:00:00Z", kNow, "-"), "2024-05-01 10:00:00Z (now)");
}

TEST(FormatTimeTest, NullNumbersAndUnknownShapes) {
  EXPECT_EQ(FormatTime(nullptr, kNow, "never"), "never");
  EXPECT_EQ(FormatTime(1714557540, kNow, "-"), "2024-05-01 09:59:00Z (1m ago)");
  EXPECT_EQ(FormatTime("yesterday", kNow, "-"), "yesterday");
  EXPECT_EQ(FormatTime("2024-13-01T10:00:00Z", kNow, "-"), "2024-13-01T10:00:00Z");
}

TEST(ApplicationTableTest, AlignedColumnsWithHeader) {
  const auto applications = nlohmann::json::parse(R"([
    {"application": "backup", "team": "ops", "state": "ok",
     "check_in": "2024-05-01T09:55:00.000Z", "deadline": "2024-05-01T10:55:00.000Z"},
    {"application": "a-much-longer-name", "team": "", "state": "new",
     "check_in": null, "deadline": null}
  ])");
  const auto lines = Lines(FormatApplicationTable(applications, kNow));
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_THAT(lines[0], HasSubstr("NAME"));
  EXPECT_THAT(lines[0], HasSubstr("LAST CHECK-IN"));
  EXPECT_THAT(lines[1], HasSubstr("backup"));
  EXPECT_THAT(lines[1], HasSubstr("2024-05-01 09:55:00Z (5m ago)"));
  EXPECT_THAT(lines[2], HasSubstr("never"));
  // Every column starts at the same offset on every row.
  const auto team = lines[0].find("TEAM");
  const auto state = lines[0].find("STATE");
  EXPECT_EQ(lines[1].substr(team, 4), "ops ");
  EXPECT_EQ(lines[2].substr(team, 2), "- ");
  EXPECT_EQ(lines[1].substr(state, 3), "ok ");
  EXPECT_EQ(lines[2].substr(state, 4), "new ");
}

TEST(ApplicationTableTest, EmptyListIsJustTheHeader) {
  EXPECT_EQ(Lines(FormatApplicationTable(nlohmann::json::array(), kNow)).size(), 1u);
}

TEST(ApplicationDetailsTest, KnownFieldsInOrderThenExtras) {
  const auto application = nlohmann::json::parse(R"({
    "zeta_extra": 7, "state": "late", "application": "backup", "team": "ops",
    "interval": 3600, "grace": 30, "schedule": null, "check_in": null, "paused": false
  })");
  const auto lines = Lines(FormatApplicationDetails(application, kNow));
  ASSERT_EQ(lines.size(), 9u);
  EXPECT_EQ(lines[0], "application: backup");
  EXPECT_EQ(lines[1], "team:        ops");
  EXPECT_EQ(lines[2], "state:       late");
  EXPECT_EQ(lines[3], "paused:      false");
  EXPECT_EQ(lines[4], "interval:    1h (3600s)");
  EXPECT_EQ(lines[5], "schedule:    -");
  EXPECT_EQ(lines[6], "grace:       30s");
  EXPECT_EQ(lines[7], "check_in:    never");
  EXPECT_EQ(lines[8], "zeta_extra:  7");
}

TEST(SignalTableTest, OneRowPerSignal) {
  const auto signals = nlohmann::json::parse(R"([
    {"id": 12, "time": "2024-05-01T09:55:00.000Z", "kind": "fail", "exit_status": 3,
     "rid": "123e4567-e89b-42d3-a456-426614174000", "duration_seconds": 1.5,
     "body_size": 42, "remote_address": "10.0.0.1", "user_agent": "heartbeatctl"},
    {"id": 11, "time": "2024-05-01T09:54:58.500Z", "kind": "start", "exit_status": null,
     "rid": null, "duration_seconds": null, "body_size": 0, "remote_address": "10.0.0.1",
     "user_agent": "curl/7.88"}
  ])");
  const auto lines = Lines(FormatSignalTable(signals));
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_THAT(lines[1], HasSubstr("1.500s"));
  EXPECT_THAT(lines[1], HasSubstr("42 B"));
  EXPECT_THAT(lines[1], HasSubstr("123e4567-e89b-42d3-a456-426614174000"));
  EXPECT_THAT(lines[2], HasSubstr("start"));
  EXPECT_THAT(lines[2], HasSubstr("curl/7.88"));
}

TEST(SignalInstructionsTest, UsesServerUrlsWhenGiven) {
  const auto answer = nlohmann::json{{"token", "t0k"},
                                     {"ping_url", "https://hb.example/ping/t0k"},
                                     {"signal_url", "https://hb.example/signal"}};
  const auto text =
      FormatSignalInstructions("backup", answer, ParseHttpUrl("http://localhost:9799"));
  EXPECT_THAT(text, HasSubstr("Ping URL:   https://hb.example/ping/t0k\n"));
  EXPECT_THAT(text, HasSubstr("Signal URL: https://hb.example/signal\n"));
  EXPECT_THAT(text, HasSubstr("--data-urlencode application=backup --data-urlencode token=t0k "
                              "-d status=ok https://hb.example/signal"));
  EXPECT_THAT(text, HasSubstr("heartbeatctl exec --ping-url https://hb.example/ping/t0k --"));
  EXPECT_THAT(text, Not(HasSubstr("localhost")));
}

TEST(SignalInstructionsTest, BuildsUrlsFromServerWhenMissingAndQuotesTokens) {
  const auto answer = nlohmann::json{{"token", "a b'c"}};
  const auto text =
      FormatSignalInstructions("backup", answer, ParseHttpUrl("http://localhost:9799/hb/"));
  EXPECT_THAT(text, HasSubstr("Ping URL:   http://localhost:9799/hb/ping/a%20b%27c\n"));
  EXPECT_THAT(text, HasSubstr("Signal URL: http://localhost:9799/hb/signal\n"));
  EXPECT_THAT(text, HasSubstr("'token=a b'\\''c'"));
}

TEST(SignalTableTest, AHostileUserAgentCannotReachTheTerminal) {
  const auto signals = nlohmann::json::parse(R"([{"id": 1, "time": "2026-06-01T12:00:00.000Z",
      "kind": "ok", "exit_status": null, "rid": "", "duration_seconds": null, "body_size": 0,
      "remote_address": "127.0.0.1", "user_agent": "\u001b]0;pwned\u0007\u001b[31m\nforged row"}])");
  const std::string table = FormatSignalTable(signals);
  EXPECT_EQ(table.find('\x1b'), std::string::npos);
  EXPECT_EQ(table.find('\a'), std::string::npos);
  EXPECT_EQ(std::count(table.begin(), table.end(), '\n'), 2) << "header and one row:\n" << table;
  EXPECT_NE(table.find("\\x1b]0;pwned\\x07\\x1b[31m\\nforged row"), std::string::npos) << table;
}

}  // namespace
}  // namespace heartbeat::ctl
