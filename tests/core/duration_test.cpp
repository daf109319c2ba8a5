#include "heartbeat/core/duration.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

namespace heartbeat {
namespace {

using ::testing::HasSubstr;

std::string ErrorOf(void (*call)(const char*), const char* text) {
  try {
    call(text);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "no error";
}

std::string DurationError(const char* text) {
  return ErrorOf([](const char* t) { ParseDuration(t); }, text);
}

std::string ByteSizeError(const char* text) {
  return ErrorOf([](const char* t) { ParseByteSize(t); }, text);
}

TEST(ParseDurationTest, AcceptsPrometheusDurations) {
  struct Case {
    const char* text;
    long long seconds;
  };
  const Case cases[] = {
      {"90s", 90},
      {"15m", 900},
      {"1h30m", 5400},
      {"1d", 86400},
      {"1w", 604800},
      {"1y", 31536000},
      {"0s", 0},
      {"0", 0},
      {"3600", 3600},
      {"500ms", 0},
      {"1500ms", 1},
      {"1m500ms", 60},
      {"2w3d", 1468800},
      {"1y1w1d1h1m1s", 31536000 + 604800 + 86400 + 3600 + 60 + 1},
      {"36500d", 3153600000},
      {"100y", 3153600000},
      {"007m", 420},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(ParseDuration(c.text), Seconds(c.seconds)) << c.text;
  }
}

TEST(ParseDurationTest, RejectsWithASentence) {
  EXPECT_THAT(DurationError(""), HasSubstr("\"\" is not a duration (it is empty"));
  EXPECT_THAT(DurationError("-5m"), HasSubstr("durations cannot be negative"));
  EXPECT_THAT(DurationError("1x"), HasSubstr("\"1x\" is not a duration (unknown unit \"x\""));
  EXPECT_THAT(DurationError("1x"), HasSubstr("use 90s, 15m, 1h30m, 1d"));
  EXPECT_THAT(DurationError("1.5h"), HasSubstr("unknown unit \".\""));
  EXPECT_THAT(DurationError("h"), HasSubstr("expected a number at \"h\""));
  EXPECT_THAT(DurationError("30m1h"), HasSubstr("in the order y w d h m s ms"));
  EXPECT_THAT(DurationError("1h1h"), HasSubstr("in the order y w d h m s ms"));
  EXPECT_THAT(DurationError("1h30"), HasSubstr("the last number has no unit"));
  EXPECT_THAT(DurationError(" 5m"), HasSubstr("expected a number"));
  EXPECT_THAT(DurationError("1H"), HasSubstr("unknown unit \"H\""));
  EXPECT_THAT(DurationError("101y"), HasSubstr("the longest accepted duration is 100y"));
  EXPECT_THAT(DurationError("99999999999999999999999s"), HasSubstr("longest accepted"));
  EXPECT_THAT(DurationError("9999999999999"), HasSubstr("longest accepted"));
  EXPECT_THAT(DurationError("99y99w"), HasSubstr("longest accepted"));
}

TEST(FormatDurationTest, ShortestPrometheusSpelling) {
  EXPECT_EQ(FormatDuration(Seconds(0)), "0s");
  EXPECT_EQ(FormatDuration(Seconds(90)), "1m30s");
  EXPECT_EQ(FormatDuration(Seconds(5400)), "1h30m");
  EXPECT_EQ(FormatDuration(Seconds(86400)), "1d");
  EXPECT_EQ(FormatDuration(Seconds(604800)), "1w");
  EXPECT_EQ(FormatDuration(Seconds(8 * 86400)), "8d");
  EXPECT_EQ(FormatDuration(Seconds(31536000)), "1y");
  EXPECT_EQ(FormatDuration(Seconds(31536000 + 86400)), "366d");
  EXPECT_EQ(FormatDuration(Seconds(86400 + 1)), "1d1s");
  EXPECT_EQ(FormatDuration(Seconds(-60)), "-1m");
}

TEST(FormatDurationTest, RoundTripsThroughParse) {
  for (long long s : {0LL, 1LL, 59LL, 61LL, 3599LL, 3601LL, 86399LL, 90061LL, 1209600LL, 63072000LL,
                      31622400LL}) {
    EXPECT_EQ(ParseDuration(FormatDuration(Seconds(s))), Seconds(s)) << s;
  }
}

TEST(ParseByteSizeTest, AcceptsPlainBytesAndUnits) {
  EXPECT_EQ(ParseByteSize("0"), 0);
  EXPECT_EQ(ParseByteSize("512"), 512);
  EXPECT_EQ(ParseByteSize("512B"), 512);
  EXPECT_EQ(ParseByteSize("1KB"), 1000);
  EXPECT_EQ(ParseByteSize("10kB"), 10000);
  EXPECT_EQ(ParseByteSize("100KiB"), 102400);
  EXPECT_EQ(ParseByteSize("1MiB"), 1048576);
  EXPECT_EQ(ParseByteSize("2MB"), 2000000);
  EXPECT_EQ(ParseByteSize("1GiB"), 1073741824);
  EXPECT_EQ(ParseByteSize("3TiB"), 3LL << 40);
  EXPECT_EQ(ParseByteSize("1tb"), 1000000000000LL);
}

TEST(ParseByteSizeTest, RejectsWithASentence) {
  EXPECT_THAT(ByteSizeError(""), HasSubstr("is not a byte size: it is empty"));
  EXPECT_THAT(ByteSizeError("-1KiB"), HasSubstr("sizes cannot be negative"));
  EXPECT_THAT(ByteSizeError("KiB"), HasSubstr("expected a number"));
  EXPECT_THAT(ByteSizeError("10XB"), HasSubstr("unknown unit \"XB\""));
  EXPECT_THAT(ByteSizeError("1.5MiB"), HasSubstr("unknown unit \".5MiB\""));
  EXPECT_THAT(ByteSizeError("99999999999999999999"), HasSubstr("too large"));
  EXPECT_THAT(ByteSizeError("9999999999TiB"), HasSubstr("too large"));
  EXPECT_THAT(ByteSizeError("10 KiB"), HasSubstr("unknown unit \" KiB\""));
}

}  // namespace
}  // namespace heartbeat
