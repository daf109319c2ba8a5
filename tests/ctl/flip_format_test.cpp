// What `app flips` and `badge-key list` print.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/test_time.h"
#include "ctl/format.h"

namespace heartbeat::ctl {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(FlipFormatTest, UptimeLineThenOneRowPerFlip) {
  const nlohmann::json answer = {{"application", "backup"},
                                 {"uptime", {{"1d", 0.5}, {"7d", 1.0}, {"30d", nullptr}}},
                                 {"flips",
                                  {{{"time", "2026-06-01T13:00:00.000Z"},
                                    {"from", "ok"},
                                    {"to", "outdated"},
                                    {"reason", "deadline passed"}},
                                   {{"time", "2026-06-01T12:00:00.000Z"},
                                    {"from", "new"},
                                    {"to", "ok"},
                                    {"reason", "ok signal\x1b[31m"}}}}};
  const std::string out = FormatFlipTable(answer);
  EXPECT_THAT(out, HasSubstr("Uptime: 1d 50.000% 7d 100.000% 30d -\n"));
  EXPECT_THAT(out, HasSubstr("TIME"));
  EXPECT_THAT(out, HasSubstr("deadline passed"));
  EXPECT_THAT(out, Not(HasSubstr("\x1b"))) << "server text is made safe for the terminal";
  EXPECT_LT(out.find("outdated"), out.find("ok signal"));
}

TEST(FlipFormatTest, BadgeKeysAreListedWithoutKeys) {
  const nlohmann::json keys = {
      {{"id", 3}, {"team", "ops"}, {"created_at", "2026-06-01T12:00:00.000Z"}}};
  const std::string out = FormatBadgeKeyTable(keys, testing::Utc("2026-06-01 12:05:00"));
  EXPECT_THAT(out, HasSubstr("ID"));
  EXPECT_THAT(out, HasSubstr("ops"));
  EXPECT_THAT(out, HasSubstr("5m ago"));
}

}  // namespace
}  // namespace heartbeat::ctl
