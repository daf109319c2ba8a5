#include "heartbeat/log/rate_limited_log.h"

#include <gtest/gtest.h>

namespace heartbeat {
namespace {

using std::chrono::seconds;

class RateLimitedLogTest : public ::testing::Test {
 protected:
  RateLimitedLogTest() { ConfigureLogging(LogLevel::kError, LogFormat::kLogfmt); }

  bool Log(const std::string& cause) {
    return log_.Log(LogLevel::kDebug, cause, "test line", {{"cause", cause}});
  }

  std::chrono::steady_clock::time_point now_{};
  RateLimitedLog log_{seconds(60), [this] { return now_; }};
};

TEST_F(RateLimitedLogTest, OncePerCausePerInterval) {
  EXPECT_TRUE(Log("disk_full"));
  EXPECT_FALSE(Log("disk_full"));
  EXPECT_TRUE(Log("locked")) << "another cause is logged at once";
  now_ += seconds(59);
  EXPECT_FALSE(Log("disk_full"));
  now_ += seconds(1);
  EXPECT_TRUE(Log("disk_full")) << "an interval later, with the count left out";
  EXPECT_FALSE(Log("disk_full"));
}

TEST_F(RateLimitedLogTest, ForgettingACauseCountsWhatWasLeftOut) {
  EXPECT_TRUE(Log("disk_full"));
  EXPECT_FALSE(Log("disk_full"));
  EXPECT_FALSE(Log("disk_full"));
  EXPECT_EQ(log_.Active(), std::vector<std::string>{"disk_full"});
  EXPECT_EQ(log_.Forget("disk_full"), 2);
  EXPECT_TRUE(log_.Active().empty());
  EXPECT_TRUE(Log("disk_full")) << "a new episode is logged at once";
  EXPECT_EQ(log_.Forget("never-seen"), 0);
}

}  // namespace
}  // namespace heartbeat
