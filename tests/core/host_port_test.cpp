#include "heartbeat/core/host_port.h"

#include <gtest/gtest.h>

namespace heartbeat {
namespace {

TEST(HostPortTest, SplitsNamesAddressesAndBracketedIpv6) {
  auto split = SplitHostPort("db.internal:5432");
  ASSERT_TRUE(split);
  EXPECT_EQ(split->host, "db.internal");
  EXPECT_EQ(split->port, "5432");
  EXPECT_TRUE(split->has_port);
  EXPECT_FALSE(split->bracketed);

  split = SplitHostPort("[::1]:9799");
  ASSERT_TRUE(split);
  EXPECT_EQ(split->host, "::1");
  EXPECT_EQ(split->port, "9799");
  EXPECT_TRUE(split->bracketed);

  split = SplitHostPort(":9799");
  ASSERT_TRUE(split);
  EXPECT_EQ(split->host, "");
  EXPECT_EQ(split->port, "9799");

  split = SplitHostPort("example.org");
  ASSERT_TRUE(split);
  EXPECT_FALSE(split->has_port);
}

TEST(HostPortTest, RefusesBrokenBrackets) {
  EXPECT_FALSE(SplitHostPort("[::1"));
  EXPECT_FALSE(SplitHostPort("[::1]x80"));
}

TEST(HostPortTest, PortsAreDecimalWithinRange) {
  EXPECT_EQ(ParsePort("1"), 1);
  EXPECT_EQ(ParsePort("65535"), 65535);
  EXPECT_FALSE(ParsePort("0"));
  EXPECT_EQ(ParsePort("0", 0), 0);
  EXPECT_FALSE(ParsePort("65536"));
  EXPECT_FALSE(ParsePort("80a"));
  EXPECT_FALSE(ParsePort(""));
  EXPECT_FALSE(ParsePort("+80"));
  EXPECT_FALSE(ParsePort("000080"));
}

}  // namespace
}  // namespace heartbeat
