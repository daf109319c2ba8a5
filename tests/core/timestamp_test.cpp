#include "heartbeat/core/timestamp.h"

#include <date/date.h>
#include <gtest/gtest.h>

namespace heartbeat {
namespace {

TEST(TimestampTest, FormatsUtcWithMilliseconds) {
  EXPECT_EQ(FormatTimestamp(FromMillis(0)), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(FormatTimestamp(FromMillis(1795819411123)), "2026-11-27T22:43:31.123Z");
}

TEST(TimestampTest, FormatsLikeTheDateLibraryFromYearZeroToNineThousandNineHundredNinetyNine) {
  const long long first = -62167219200000LL;  // 0000-01-01T00:00:00.000Z
  const long long last = 253402300799999LL;   // 9999-12-31T23:59:59.999Z
  const long long step = (last - first) / 4999;
  for (long long millis = first; millis <= last; millis += step - 7) {
    SCOPED_TRACE(millis);
    EXPECT_EQ(FormatTimestamp(FromMillis(millis)), date::format("%FT%TZ", FromMillis(millis)));
  }
  EXPECT_EQ(FormatTimestamp(FromMillis(last)), "9999-12-31T23:59:59.999Z");
  EXPECT_EQ(FormatTimestamp(FromMillis(-1)), "1969-12-31T23:59:59.999Z");
}

TEST(TimestampTest, YearsOutsideFourDigitsKeepPrintfsForm) {
  EXPECT_EQ(FormatTimestamp(FromMillis(253402300800000LL)), "10000-01-01T00:00:00.000Z");
  EXPECT_EQ(FormatTimestamp(FromMillis(-62167219200001LL)), "-001-12-31T23:59:59.999Z");
}

TEST(TimestampTest, ParsesWhatItFormats) {
  for (long long millis : {0LL, 1795819411123LL, 951782400999LL}) {
    const auto parsed = ParseTimestamp(FormatTimestamp(FromMillis(millis)));
    ASSERT_TRUE(parsed);
    EXPECT_EQ(ToMillis(*parsed), millis);
  }
  EXPECT_EQ(ToMillis(*ParseTimestamp("2024-05-01T10:00:00Z")), 1714557600000);
}

TEST(TimestampTest, RefusesOtherShapesAndImpossibleDates) {
  EXPECT_FALSE(ParseTimestamp("2024-05-01 10:00:00Z"));
  EXPECT_FALSE(ParseTimestamp("2024-05-01T10:00:00"));
  EXPECT_FALSE(ParseTimestamp("2024-02-30T10:00:00Z"));
  EXPECT_FALSE(ParseTimestamp("2024-05-01T10:00:00Zjunk"));
  EXPECT_FALSE(ParseTimestamp(""));
}

// Found by fuzz/core/timestamp_fuzz.cpp: sscanf's %2d took one digit, a sign or a space.
TEST(TimestampTest, RefusesFieldsThatAreNotExactlyTheirDigits) {
  EXPECT_FALSE(ParseTimestamp("2026-11-21T22:43:9Z"));
  EXPECT_FALSE(ParseTimestamp("2026-11-21T-1:43:09Z"));
  EXPECT_FALSE(ParseTimestamp("2026-11-21T 1:43:09Z"));
  EXPECT_FALSE(ParseTimestamp("2026-11-+1T01:43:09Z"));
  EXPECT_FALSE(ParseTimestamp("-026-11-21T01:43:09Z"));
  EXPECT_FALSE(ParseTimestamp("2026-1-21T01:43:09Z"));
  EXPECT_TRUE(ParseTimestamp("2026-11-21T01:43:09.5Z"));
}

// Found by fuzz/core/timestamp_fuzz.cpp: a leap second may not carry into year 10000.
TEST(TimestampTest, RefusesWhatFormatCannotWriteBack) {
  EXPECT_FALSE(ParseTimestamp("9999-12-31T23:59:60.5Z"));
  EXPECT_EQ(ParseTimestamp("9999-12-31T23:59:59.999Z"),
            ParseTimestamp(FormatTimestamp(*ParseTimestamp("9999-12-31T23:59:59.999Z"))));
}

}  // namespace
}  // namespace heartbeat
