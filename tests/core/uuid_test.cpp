#include "heartbeat/core/uuid.h"

#include <gtest/gtest.h>

#include <regex>
#include <set>

namespace heartbeat {
namespace {

TEST(UuidTest, NewUuidIsLowerCaseVersion4Rfc4122) {
  const std::regex v4("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
  for (int i = 0; i < 200; ++i) {
    const std::string uuid = NewUuidV4();
    EXPECT_TRUE(std::regex_match(uuid, v4)) << uuid;
    EXPECT_TRUE(IsUuid(uuid)) << uuid;
  }
}

TEST(UuidTest, NewUuidsDoNotRepeat) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) seen.insert(NewUuidV4());
  EXPECT_EQ(seen.size(), 1000u);
}

TEST(UuidTest, IsUuidChecksShape) {
  EXPECT_TRUE(IsUuid("123e4567-e89b-12d3-a456-426614174000"));
  EXPECT_TRUE(IsUuid("123E4567-E89B-12D3-A456-426614174000"));
  EXPECT_FALSE(IsUuid(""));
  EXPECT_FALSE(IsUuid("123e4567e89b12d3a456426614174000"));
  EXPECT_FALSE(IsUuid("123e4567-e89b-12d3-a456-42661417400"));
  EXPECT_FALSE(IsUuid("123e4567-e89b-12d3-a456-42661417400g"));
  EXPECT_FALSE(IsUuid("123e4567-e89b-12d3-a456_426614174000"));
}

}  // namespace
}  // namespace heartbeat
