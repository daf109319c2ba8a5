#include "heartbeat/core/safe_text.h"

#include <gtest/gtest.h>

#include <string>

namespace heartbeat {
namespace {

TEST(SafeTextTest, EscapesControlCharactersAndBrokenBytes) {
  EXPECT_EQ(SafeText("plain text"), "plain text");
  EXPECT_EQ(SafeText("Zürich ☃"), "Zürich ☃");
  EXPECT_EQ(SafeText("\x1b]0;pwned\a\x1b[31m"), "\\x1b]0;pwned\\x07\\x1b[31m");
  EXPECT_EQ(SafeText("two\nlines\r\ttab"), "two\\nlines\\r\\ttab");
  EXPECT_EQ(SafeText("del\x7f"), "del\\x7f");
  EXPECT_EQ(SafeText("next\xc2\x85line"), "next\\u0085line");
  EXPECT_EQ(SafeText("raw\xff\xfe"), "raw\\xff\\xfe");
  EXPECT_EQ(SafeText(std::string("nul\0byte", 8)), "nul\\x00byte");
}

TEST(SafeTextTest, LongTextIsCutWithAnEllipsis) {
  EXPECT_EQ(SafeText(std::string(300, 'a'), 10), std::string(10, 'a') + "\u2026");
  EXPECT_EQ(SafeText("ééééé", 3), "ééé\u2026");
  EXPECT_EQ(SafeText("abc", 3), "abc");
}

TEST(QuotedForMessageTest, QuotesAReadablePrefix) {
  EXPECT_EQ(QuotedForMessage("run"), "\"run\"");
  EXPECT_EQ(QuotedForMessage(std::string(100, 'x')), "\"" + std::string(64, 'x') + "\u2026\"");
  // A value cut inside a multi-byte character, or holding raw bytes, stays valid UTF-8.
  EXPECT_EQ(QuotedForMessage("\xe2\x98", 64), "\"\\xe2\\x98\"");
}

}  // namespace
}  // namespace heartbeat
