#include "heartbeat/metrics/scrape_encoding.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace heartbeat {
namespace {

struct Case {
  const char* accept_encoding;
  ScrapeEncoding expected;
};

std::string Name(ScrapeEncoding encoding) {
  switch (encoding) {
    case ScrapeEncoding::kGzip:
      return "gzip";
    case ScrapeEncoding::kIdentity:
      return "identity";
    default:
      return "406";
  }
}

TEST(ScrapeEncodingTest, WithoutTheHeaderTheTextGoesAsIs) {
  EXPECT_EQ(ChooseScrapeEncoding("", false), ScrapeEncoding::kIdentity);
}

TEST(ScrapeEncodingTest, FollowsTheWeightsOfRfc9110) {
  using E = ScrapeEncoding;
  const std::vector<Case> cases = {
      {"gzip", E::kGzip},  // what Prometheus sends
      {"", E::kIdentity},  // present but empty: only identity is acceptable
      {"GZip", E::kGzip},
      {"x-gzip", E::kGzip},
      {"gzip, deflate, br", E::kGzip},  // browsers; never brotli
      {"deflate, gzip;q=1.0, *;q=0.5", E::kGzip},
      {"br", E::kIdentity},
      {"deflate", E::kIdentity},
      {"gzip;q=0", E::kIdentity},
      {"gzip; q=0.000", E::kIdentity},
      {"gzip;q=0.001", E::kGzip},
      {"gzip ; q=0.8 , identity;q=0.9", E::kIdentity},
      {"gzip;q=0.5, identity;q=0.5", E::kGzip},  // a tie goes to the smaller answer
      {"identity;q=0.5, gzip", E::kGzip},
      {"identity", E::kIdentity},
      {"*", E::kGzip},
      {"*;q=0.2, gzip;q=0", E::kIdentity},  // gzip refused by name, identity still fine
      {"*;q=0", E::kNotAcceptable},
      {"*;q=0, identity", E::kIdentity},
      {"*;q=0, gzip;q=0.3", E::kGzip},
      {"identity;q=0", E::kNotAcceptable},
      {"identity;q=0, gzip", E::kGzip},
      {"gzip;q=0, identity;q=0", E::kNotAcceptable},
      {"gzip;q=0,gzip", E::kGzip},  // repeated: the more favourable entry counts
      {", ,gzip,", E::kGzip},
      {"gzip;level=9", E::kGzip},  // parameters other than q do not matter
      {"gzip;q=2", E::kIdentity},  // malformed weights void their entry
      {"gzip;q=0.0001", E::kIdentity},
      {"gzip;q=1.5", E::kIdentity},
      {"gzip;q=abc", E::kIdentity},
      {"gzip;q=", E::kIdentity},
      {"identity;q=x, *;q=0", E::kNotAcceptable},
      {"gzipped", E::kIdentity},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(Name(ChooseScrapeEncoding(c.accept_encoding)), Name(c.expected))
        << "Accept-Encoding: " << c.accept_encoding;
  }
}

}  // namespace
}  // namespace heartbeat
