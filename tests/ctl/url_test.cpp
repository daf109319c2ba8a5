#include "ctl/url.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace heartbeat::ctl {
namespace {

TEST(ParseHttpUrlTest, SplitsOriginPathAndQuery) {
  const auto url = ParseHttpUrl("https://hc.example.com:8443/ping/abc?x=1#frag");
  EXPECT_EQ(url.scheme, "https");
  EXPECT_EQ(url.host, "hc.example.com");
  EXPECT_EQ(url.port, 8443);
  EXPECT_EQ(url.path, "/ping/abc");
  EXPECT_EQ(url.query, "x=1");
  EXPECT_EQ(url.Origin(), "https://hc.example.com:8443");
}

TEST(ParseHttpUrlTest, DefaultPortsAndEmptyPath) {
  EXPECT_EQ(ParseHttpUrl("http://localhost").port, 80);
  EXPECT_EQ(ParseHttpUrl("HTTPS://localhost").port, 443);
  EXPECT_EQ(ParseHttpUrl("http://localhost").path, "");
  EXPECT_EQ(ParseHttpUrl("http://localhost:9799").Origin(), "http://localhost:9799");
}

TEST(ParseHttpUrlTest, Ipv6Literal) {
  const auto url = ParseHttpUrl("http://[::1]:9799/ping/t");
  EXPECT_EQ(url.host, "[::1]");
  EXPECT_EQ(url.port, 9799);
  EXPECT_EQ(url.path, "/ping/t");
}

TEST(ParseHttpUrlTest, RejectsWhatItCannotUse) {
  EXPECT_THROW(ParseHttpUrl("localhost:9799"), std::invalid_argument);
  EXPECT_THROW(ParseHttpUrl("ftp://host/x"), std::invalid_argument);
  EXPECT_THROW(ParseHttpUrl("http:///path"), std::invalid_argument);
  EXPECT_THROW(ParseHttpUrl("http://host:0/"), std::invalid_argument);
  EXPECT_THROW(ParseHttpUrl("http://host:65536/"), std::invalid_argument);
  EXPECT_THROW(ParseHttpUrl("http://host:12ab/"), std::invalid_argument);
  EXPECT_THROW(ParseHttpUrl("http://user:pw@host/"), std::invalid_argument);
  EXPECT_THROW(ParseHttpUrl("http://[::1/"), std::invalid_argument);
  try {
    ParseHttpUrl("ftp://host/x");
    FAIL();
  } catch (const std::invalid_argument& error) {
    EXPECT_NE(std::string(error.what()).find("only http and https"), std::string::npos);
  }
}

TEST(PingTargetTest, AppendsSuffixAndRid) {
  const auto url = ParseHttpUrl("http://h:1/ping/tok");
  EXPECT_EQ(PingTarget(url, "", ""), "/ping/tok");
  EXPECT_EQ(PingTarget(url, "start", "r-1"), "/ping/tok/start?rid=r-1");
  EXPECT_EQ(PingTarget(url, "0", "r-1"), "/ping/tok/0?rid=r-1");
  EXPECT_EQ(PingTarget(url, "143", ""), "/ping/tok/143");
}

TEST(PingTargetTest, IgnoresTrailingSlashAndKeepsQuery) {
  EXPECT_EQ(PingTarget(ParseHttpUrl("http://h/ping/tok/"), "start", "r"), "/ping/tok/start?rid=r");
  EXPECT_EQ(PingTarget(ParseHttpUrl("http://h/ping/tok?create=0"), "fail", "r"),
            "/ping/tok/fail?create=0&rid=r");
  EXPECT_EQ(PingTarget(ParseHttpUrl("http://h"), "", ""), "/");
}

TEST(ApiTargetTest, KeepsServerPathPrefix) {
  EXPECT_EQ(ApiTarget(ParseHttpUrl("http://h:9799"), "/api/v1/applications"),
            "/api/v1/applications");
  EXPECT_EQ(ApiTarget(ParseHttpUrl("https://h/heartbeat/"), "/signal"), "/heartbeat/signal");
}

TEST(UrlBuildingTest, ApplicationPathEncodesName) {
  EXPECT_EQ(ApplicationPath("backup"), "/api/v1/applications/backup");
  EXPECT_EQ(ApplicationPath("db.backup-1_x", "pause"), "/api/v1/applications/db.backup-1_x/pause");
  EXPECT_EQ(ApplicationPath("a b/c"), "/api/v1/applications/a%20b%2Fc");
}

TEST(UrlBuildingTest, PercentEncode) {
  EXPECT_EQ(PercentEncode("AZaz09-._~"), "AZaz09-._~");
  EXPECT_EQ(PercentEncode("a+b&c=d é"), "a%2Bb%26c%3Dd%20%C3%A9");
}

TEST(ShellQuoteTest, QuotesOnlyWhenNeeded) {
  EXPECT_EQ(ShellQuote("http://h:9799/ping/abc"), "http://h:9799/ping/abc");
  EXPECT_EQ(ShellQuote("token=abc"), "token=abc");
  EXPECT_EQ(ShellQuote(""), "''");
  EXPECT_EQ(ShellQuote("a b"), "'a b'");
  EXPECT_EQ(ShellQuote("it's"), "'it'\\''s'");
  EXPECT_EQ(ShellQuote("x?rid=1&y"), "'x?rid=1&y'");
}

}  // namespace
}  // namespace heartbeat::ctl
