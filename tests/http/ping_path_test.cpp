// The ping route's pure part: path and action as healthchecks.io reads them.
#include "http/ping_path.h"

#include <gtest/gtest.h>

namespace heartbeat::http {
namespace {

using Outcome = PingAction::Outcome;

TEST(PingPathTest, TokenAndActionFromTheDecodedPath) {
  auto ping = ParsePingPath("/ping/abcdefgh");
  ASSERT_TRUE(ping);
  EXPECT_EQ(ping->token, "abcdefgh");
  EXPECT_EQ(ping->action.outcome, Outcome::kSignal);
  EXPECT_EQ(ping->action.kind, SignalKind::kOk);
  EXPECT_EQ(ping->action.exit_status, 0);
  ping = ParsePingPath("/ping/abcdefgh/start");
  ASSERT_TRUE(ping);
  EXPECT_EQ(ping->action.kind, SignalKind::kStart);
  EXPECT_FALSE(ping->action.exit_status);
  EXPECT_FALSE(ParsePingPath("/ping/"));
  EXPECT_FALSE(ParsePingPath("/ping/a/b/c"));
  EXPECT_FALSE(ParsePingPath("/pingx/a"));
}

TEST(PingPathTest, ExitStatusesAndTheirAnswers) {
  EXPECT_EQ(ParsePingAction("fail").kind, SignalKind::kFail);
  EXPECT_EQ(ParsePingAction("log").kind, SignalKind::kLog);
  EXPECT_EQ(ParsePingAction("0").kind, SignalKind::kOk);
  const PingAction failed = ParsePingAction("255");
  EXPECT_EQ(failed.kind, SignalKind::kFail);
  EXPECT_EQ(failed.exit_status, 255);
  EXPECT_EQ(ParsePingAction("000000007").exit_status, 7);
  EXPECT_EQ(ParsePingAction("256").outcome, Outcome::kBadUrl);
  EXPECT_EQ(ParsePingAction("99999999999999999999").outcome, Outcome::kBadUrl);
  EXPECT_EQ(ParsePingAction("-1").outcome, Outcome::kNotFound);
  EXPECT_EQ(ParsePingAction("Start").outcome, Outcome::kNotFound);
}

}  // namespace
}  // namespace heartbeat::http
