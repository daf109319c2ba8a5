// heartbeatctl's --label and run-window flags as the API body (issue 16).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "ctl/args.h"

namespace heartbeat::ctl {
namespace {

using ::testing::HasSubstr;

std::string UsageErrorOf(const ApplicationArgs& args) {
  try {
    BuildApplicationBody("nightly", args);
  } catch (const UsageError& error) {
    return error.what();
  }
  return "no error";
}

TEST(RichArgsTest, LabelsAndWindowsGoIntoTheBody) {
  ApplicationArgs args;
  args.schedule = "Mon..Fri *-*-* 02:00 Europe/Berlin";
  args.labels = {"owner=db", "env=prod=eu"};
  args.start_window = "10m";
  args.max_runtime = "2h";
  args.min_runtime = "1m";
  const nlohmann::json body = BuildApplicationBody("nightly", args);
  EXPECT_EQ(body["labels"], nlohmann::json({{"owner", "db"}, {"env", "prod=eu"}}));
  EXPECT_EQ(body["start_window"], "10m");
  EXPECT_EQ(body["max_runtime"], "2h");
  EXPECT_EQ(body["min_runtime"], "1m");
  EXPECT_EQ(body["schedule"], "Mon..Fri *-*-* 02:00 Europe/Berlin");
}

TEST(RichArgsTest, MistakesAreUsageErrors) {
  ApplicationArgs args;
  args.labels = {"team=ops"};
  EXPECT_THAT(UsageErrorOf(args), HasSubstr("--label: label name \"team\" is reserved"));
  args.labels = {"owner"};
  EXPECT_EQ(UsageErrorOf(args), "--label: label \"owner\" must be written key=value");
  args.labels = {"owner=a", "owner=b"};
  EXPECT_EQ(UsageErrorOf(args), "--label: label owner is given twice");
  args.labels = {};
  args.min_runtime = "fast";
  EXPECT_THAT(UsageErrorOf(args), HasSubstr("--min-runtime: \"fast\" is not a duration"));
}

TEST(RichArgsTest, AnUpdateWithOnlyALabelIsAChange) {
  ApplicationArgs args;
  args.labels = {"service=billing"};
  EXPECT_EQ(BuildApplicationBody("", args), nlohmann::json({{"labels", {{"service", "billing"}}}}));
}

}  // namespace
}  // namespace heartbeat::ctl
