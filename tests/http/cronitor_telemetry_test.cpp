#include "http/cronitor_telemetry.h"

#include <gtest/gtest.h>

namespace heartbeat::http {
namespace {

PushRequest Parsed(const TelemetryParameters& parameters) {
  PushRequest push;
  EXPECT_EQ(ParseCronitorTelemetry(parameters, push), "");
  return push;
}

std::string Refused(const TelemetryParameters& parameters) {
  PushRequest push;
  return ParseCronitorTelemetry(parameters, push);
}

TEST(CronitorTelemetryTest, StatesMapToSignals) {
  EXPECT_EQ(Parsed({}).requested, SignalKind::kOk);
  EXPECT_EQ(Parsed({{"state", "run"}}).requested, SignalKind::kStart);
  EXPECT_EQ(Parsed({{"state", "complete"}}).requested, SignalKind::kOk);
  EXPECT_EQ(Parsed({{"state", "complete"}, {"status_code", "3"}}).requested, SignalKind::kFail);
  EXPECT_EQ(Parsed({{"state", "fail"}}).requested, SignalKind::kFail);
  EXPECT_EQ(Parsed({{"state", "ok"}}).requested, SignalKind::kOk);
}

TEST(CronitorTelemetryTest, SeriesDurationAndStatusCode) {
  const PushRequest push =
      Parsed({{"series", "abc"}, {"duration", "12.5"}, {"status_code", "0"}, {"host", "h"}});
  EXPECT_EQ(push.rid, "abc");
  EXPECT_EQ(push.reported_duration, 12.5);
  EXPECT_EQ(push.exit_status, 0);
}

TEST(CronitorTelemetryTest, BadValuesAreRefusedWithASentence) {
  EXPECT_EQ(Refused({{"state", "bogus"}}),
            "state must be run, complete, fail or ok, not \"bogus\"");
  EXPECT_EQ(Refused({{"status_code", "x"}}), "status_code must be a whole number, not \"x\"");
  EXPECT_NE(Refused({{"duration", "-1"}}), "");
  EXPECT_NE(Refused({{"duration", "nan"}}), "");
  EXPECT_NE(Refused({{"series", std::string(257, 's')}}), "");
}

TEST(CronitorTelemetryTest, ASentenceNeverEchoesControlCharacters) {
  // A terminal escape in the state comes back escaped, so logs and terminals
  // showing the answer stay clean.
  EXPECT_EQ(Refused({{"state", "\x1b[31m"}}),
            "state must be run, complete, fail or ok, not \"\\x1b[31m\"");
}

TEST(CronitorTelemetryTest, MessageOrMsg) {
  EXPECT_EQ(TelemetryMessage({{"message", "a"}, {"msg", "b"}}), "a");
  EXPECT_EQ(TelemetryMessage({{"msg", "b"}}), "b");
  EXPECT_FALSE(TelemetryMessage({}));
}

}  // namespace
}  // namespace heartbeat::http
