#include "heartbeat/core/shared_optional.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace heartbeat {
namespace {

TEST(SharedOptionalTest, EmptyUntilSetAndSmallInline) {
  const SharedOptional<std::string> none;
  EXPECT_FALSE(none);
  EXPECT_FALSE(none.has_value());
  EXPECT_EQ(none.get(), nullptr);
  const SharedOptional<std::string> from_nullopt = std::nullopt;
  EXPECT_FALSE(from_nullopt);
  static_assert(sizeof(SharedOptional<std::string>) <= 16);
}

TEST(SharedOptionalTest, TakesAValueOrAStdOptional) {
  const SharedOptional<std::string> value = std::string("https://db:5432");
  ASSERT_TRUE(value);
  EXPECT_EQ(*value, "https://db:5432");
  EXPECT_EQ(value->size(), 15U);

  const SharedOptional<std::string> set = std::optional<std::string>("x");
  ASSERT_TRUE(set);
  EXPECT_EQ(*set, "x");
  const SharedOptional<std::string> unset = std::optional<std::string>();
  EXPECT_FALSE(unset);
}

TEST(SharedOptionalTest, CopiesShareOneValueAndAssignmentReplacesIt) {
  SharedOptional<std::string> first = std::string("a");
  const SharedOptional<std::string> copy = first;
  EXPECT_EQ(copy.get(), first.get());  // no second allocation per copied record
  first = std::string("b");
  EXPECT_EQ(*copy, "a");  // the copy keeps what it had
  EXPECT_EQ(*first, "b");
  first = std::nullopt;
  EXPECT_FALSE(first);
  EXPECT_EQ(*copy, "a");
}

TEST(SharedOptionalTest, ComparesByValue) {
  const SharedOptional<std::string> a = std::string("same");
  const SharedOptional<std::string> b = std::string("same");
  const SharedOptional<std::string> c = std::string("other");
  const SharedOptional<std::string> none;
  EXPECT_NE(a.get(), b.get());
  EXPECT_TRUE(a == b);
  EXPECT_FALSE(a == c);
  EXPECT_FALSE(a == none);
  EXPECT_FALSE(none == a);
  EXPECT_TRUE(none == SharedOptional<std::string>());
}

}  // namespace
}  // namespace heartbeat
