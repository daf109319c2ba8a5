#include "ctl/args.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace heartbeat::ctl {
namespace {

namespace fs = std::filesystem;

class AdminTokenTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/ctl_args_test.XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Write(const std::string& name, const std::string& content) {
    const auto path = (dir_ / name).string();
    std::ofstream(path) << content;
    return path;
  }
  fs::path dir_;
};

TEST_F(AdminTokenTest, FlagFileWinsAndIsTrimmed) {
  const auto file = Write("token", "  from-file\n");
  Write("admin-token", "from-data-dir\n");
  EXPECT_EQ(ResolveAdminToken(file, "from-env", dir_.string()), "from-file");
}

TEST_F(AdminTokenTest, EnvironmentBeforeDataDir) {
  Write("admin-token", "from-data-dir\n");
  EXPECT_EQ(ResolveAdminToken("", "from-env\n", dir_.string()), "from-env");
  EXPECT_EQ(ResolveAdminToken("", "   ", dir_.string()), "from-data-dir");
  EXPECT_EQ(ResolveAdminToken("", nullptr, dir_.string()), "from-data-dir");
}

TEST_F(AdminTokenTest, MissingTokenSaysWhereItLooked) {
  try {
    ResolveAdminToken("", nullptr, dir_.string());
    FAIL() << "expected a UsageError";
  } catch (const UsageError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("--admin-token-file"), std::string::npos) << message;
    EXPECT_NE(message.find("HEARTBEAT_ADMIN_TOKEN"), std::string::npos) << message;
    EXPECT_NE(message.find((dir_ / "admin-token").string()), std::string::npos) << message;
  }
}

TEST_F(AdminTokenTest, UnreadableOrEmptyFlagFileIsAnError) {
  EXPECT_THROW(ResolveAdminToken((dir_ / "absent").string(), "env", dir_.string()), UsageError);
  const auto empty = Write("empty", "\n");
  EXPECT_THROW(ResolveAdminToken(empty, "env", dir_.string()), UsageError);
}

TEST(ApplicationNameTest, FollowsTheSpecPattern) {
  EXPECT_NO_THROW(ValidateApplicationName("backup"));
  EXPECT_NO_THROW(ValidateApplicationName("db.backup-1_x"));
  EXPECT_NO_THROW(ValidateApplicationName(std::string(128, 'a')));
  EXPECT_THROW(ValidateApplicationName(""), UsageError);
  EXPECT_THROW(ValidateApplicationName("-backup"), UsageError);
  EXPECT_THROW(ValidateApplicationName("a/b"), UsageError);
  EXPECT_THROW(ValidateApplicationName("a b"), UsageError);
  EXPECT_THROW(ValidateApplicationName(std::string(129, 'a')), UsageError);
}

TEST(ApplicationBodyTest, CreateSendsOnlyWhatWasGiven) {
  ApplicationArgs args;
  args.interval = "1h30m";
  args.team = "ops";
  const auto body = BuildApplicationBody("backup", args);
  EXPECT_EQ(body, (nlohmann::json{{"name", "backup"}, {"interval", "1h30m"}, {"team", "ops"}}));
}

TEST(ApplicationBodyTest, ScheduleWithTimezoneGraceTokenAndManualResume) {
  ApplicationArgs args;
  args.schedule = "30 2 * * *";
  args.timezone = "Europe/Zurich";
  args.grace = "5m";
  args.token = "imported-token";
  args.manual_resume = true;
  const auto body = BuildApplicationBody("nightly", args);
  EXPECT_EQ(body["schedule"], "30 2 * * *");
  EXPECT_EQ(body["timezone"], "Europe/Zurich");
  EXPECT_EQ(body["grace"], "5m");
  EXPECT_EQ(body["token"], "imported-token");
  EXPECT_EQ(body["manual_resume"], true);
  EXPECT_FALSE(body.contains("interval"));
}

TEST(ApplicationBodyTest, RejectsContradictionsAndTypos) {
  ApplicationArgs both;
  both.interval = "1h";
  both.schedule = "@daily";
  EXPECT_THROW(BuildApplicationBody("a", both), UsageError);

  ApplicationArgs zone_only;
  zone_only.timezone = "UTC";
  EXPECT_THROW(BuildApplicationBody("a", zone_only), UsageError);

  ApplicationArgs bad_interval;
  bad_interval.interval = "1 hour";
  EXPECT_THROW(BuildApplicationBody("a", bad_interval), UsageError);

  ApplicationArgs bad_grace;
  bad_grace.grace = "5x";
  EXPECT_THROW(BuildApplicationBody("a", bad_grace), UsageError);

  ApplicationArgs blank_token;
  blank_token.token = "  ";
  EXPECT_THROW(BuildApplicationBody("a", blank_token), UsageError);

  EXPECT_THROW(BuildApplicationBody("bad name", ApplicationArgs{}), UsageError);
}

TEST(ApplicationBodyTest, CreateWithNoFlagsIsAStateOnlyApplication) {
  EXPECT_EQ(BuildApplicationBody("a", ApplicationArgs{}), (nlohmann::json{{"name", "a"}}));
}

TEST(ApplicationBodyTest, UpdateHasNoNameAndNeedsAChange) {
  ApplicationArgs args;
  args.grace = "10m";
  args.timezone = "Europe/Zurich";  // changing only the zone of an existing schedule is fine
  EXPECT_EQ(BuildApplicationBody("", args),
            (nlohmann::json{{"grace", "10m"}, {"timezone", "Europe/Zurich"}}));
  EXPECT_THROW(BuildApplicationBody("", ApplicationArgs{}), UsageError);
}

TEST(SignalStatusTest, OkOrFailCaseInsensitive) {
  EXPECT_EQ(NormalizeSignalStatus("ok"), "ok");
  EXPECT_EQ(NormalizeSignalStatus("FAIL"), "fail");
  EXPECT_EQ(NormalizeSignalStatus("Ok"), "ok");
  EXPECT_THROW(NormalizeSignalStatus("success"), UsageError);
  EXPECT_THROW(NormalizeSignalStatus(""), UsageError);
}

}  // namespace
}  // namespace heartbeat::ctl
