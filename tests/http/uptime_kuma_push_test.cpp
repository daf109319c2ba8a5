#include "http/uptime_kuma_push.h"

#include <gtest/gtest.h>

#include <cmath>

namespace heartbeat::http {
namespace {

TEST(ParseFloatPrefixTest, ReadsLikeJavaScriptsParseFloat) {
  EXPECT_EQ(ParseFloatPrefix("12"), 12);
  EXPECT_EQ(ParseFloatPrefix("12ms"), 12);
  EXPECT_EQ(ParseFloatPrefix("  3.5e2x"), 350);
  EXPECT_EQ(ParseFloatPrefix(".5"), 0.5);
  EXPECT_EQ(ParseFloatPrefix("1e"), 1);
  EXPECT_EQ(ParseFloatPrefix("0x10"), 0);  // parseFloat stops at the x
  EXPECT_EQ(ParseFloatPrefix("Infinity"), HUGE_VAL);
  EXPECT_TRUE(std::isnan(ParseFloatPrefix("")));
  EXPECT_TRUE(std::isnan(ParseFloatPrefix(".")));
  EXPECT_TRUE(std::isnan(ParseFloatPrefix("inf")));
  EXPECT_TRUE(std::isnan(ParseFloatPrefix("nan")));
}

TEST(ParseKumaPushTest, DefaultsAreASuccessWithOk) {
  const KumaPush push = ParseKumaPush({});
  EXPECT_EQ(push.requested, SignalKind::kOk);
  EXPECT_EQ(push.message, "OK");
  EXPECT_FALSE(push.duration_seconds);
  EXPECT_EQ(push.error, "");
}

TEST(ParseKumaPushTest, OnlyUpIsASuccess) {
  EXPECT_EQ(ParseKumaPush({{"status", "up"}}).requested, SignalKind::kOk);
  EXPECT_EQ(ParseKumaPush({{"status", "UP"}}).requested, SignalKind::kFail);
  EXPECT_EQ(ParseKumaPush({{"status", "down"}, {"msg", "disk full"}}).message, "disk full");
}

TEST(ParseKumaPushTest, PingIsMillisecondsWithinUptimeKumasRange) {
  EXPECT_EQ(ParseKumaPush({{"ping", "250"}}).duration_seconds, 0.25);
  EXPECT_FALSE(ParseKumaPush({{"ping", ""}}).duration_seconds);   // the docs' empty ping=
  EXPECT_FALSE(ParseKumaPush({{"ping", "0"}}).duration_seconds);  // `|| null`
  for (const char* bad : {"-5", "1e12", "Infinity"}) {
    EXPECT_EQ(ParseKumaPush({{"ping", bad}}).error,
              "Invalid ping value. Must be between 0 and 100000000000 ms.")
        << bad;
  }
}

}  // namespace
}  // namespace heartbeat::http
