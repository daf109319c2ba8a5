#include "heartbeat/core/validation.h"

#include <gtest/gtest.h>

#include "heartbeat/core/duration.h"

namespace heartbeat {
namespace {

TEST(ValidationTest, Utf8AcceptsWellFormedTextOnly) {
  EXPECT_TRUE(IsValidUtf8("ops"));
  EXPECT_TRUE(IsValidUtf8("Zürich ☃ 𝄞"));
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_FALSE(IsValidUtf8("\xff"));
  EXPECT_FALSE(IsValidUtf8("ab\xc3"));                // truncated sequence
  EXPECT_FALSE(IsValidUtf8("\xc0\xaf"));              // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xe0\x80\xaf"));          // overlong, three bytes
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));          // UTF-16 surrogate
  EXPECT_FALSE(IsValidUtf8("\xf4\x90\x80\x80"));      // past U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xf8\x88\x80\x80\x80"));  // five-byte form
}

TEST(ValidationTest, ToValidUtf8ReplacesOnlyTheBrokenBytes) {
  EXPECT_EQ(ToValidUtf8("ok"), "ok");
  EXPECT_EQ(ToValidUtf8("a\xffz"), "a\xEF\xBF\xBDz");
  EXPECT_EQ(ToValidUtf8("Zürich"), "Zürich");
  EXPECT_TRUE(IsValidUtf8(ToValidUtf8("\xc3\x28\xa0\xa1\xe2\x28\xa1")));
}

TEST(ValidationTest, TeamsAreShortPrintableUtf8) {
  EXPECT_EQ(CheckTeam("platform"), "");
  EXPECT_EQ(CheckTeam("Équipe données"), "");
  EXPECT_EQ(CheckTeam(""), "");
  EXPECT_NE(CheckTeam(std::string(129, 'a')), "");
  EXPECT_EQ(CheckTeam(std::string(128, 'a')), "");
  for (const char* hostile :
       {"line\nbreak", "cr\r", "esc\x1b[31m", "del\x7f", "bell\a", "\xc2\x85next-line",
        "\xc2\x9b"
        "csi",
        "raw\xff"}) {
    EXPECT_NE(CheckTeam(hostile), "") << hostile;
  }
  EXPECT_NE(CheckTeam(std::string("a\0b", 3)), "");
}

TEST(ValidationTest, DurationsStayWithinAHundredYears) {
  EXPECT_EQ(CheckDuration(Seconds(0)), "");
  EXPECT_EQ(CheckDuration(kMaxDuration), "");
  EXPECT_EQ(CheckDuration(kMaxDuration + Seconds(1)), "must be at most 100y");
  EXPECT_EQ(CheckDuration(Seconds(-1)), "must not be negative");
  EXPECT_NE(CheckDuration(Seconds(9223372036854775807LL)), "");
  EXPECT_NE(CheckDuration(Seconds(9223372036854775LL)), "");
}

TEST(ValidationTest, TokensFitAUrlPath) {
  EXPECT_EQ(CheckToken("0123456789abcdef0123456789abcdef"), "");  // Uptime Kuma's length
  EXPECT_EQ(CheckToken("00000000-0000-4000-8000-000000000001"), "");
  EXPECT_NE(CheckToken("short"), "");
  EXPECT_NE(CheckToken(std::string(257, 'a')), "");
  for (const char* bad : {"/usr/local/bin:/usr/bin", "with space1", "query?x=1", "hash#frag",
                          "percent%41", "tab\tabcdef", "unicode-é-token"}) {
    EXPECT_NE(CheckToken(bad), "") << bad;
  }
}

}  // namespace
}  // namespace heartbeat
