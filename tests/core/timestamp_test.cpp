#include "heartbeat/core/timestamp.h"

#include <gtest/gtest.h>

namespace heartbeat {
namespace {

TEST(TimestampTest, FormatsUtcWithMilliseconds) {
  EXPECT_EQ(FormatTimestamp(FromMillis(0)), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(FormatTimestamp(FromMillis(1795819411123)), "2026-11-27T22:43:31.123Z");
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

}  // namespace
}  // namespace heartbeat
