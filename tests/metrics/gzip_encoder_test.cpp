#include "heartbeat/metrics/gzip_encoder.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

#include "common/gunzip.h"

namespace heartbeat {
namespace {

using testing::Gunzip;

TEST(GzipEncoderTest, EmptyInputIsAValidEmptyMember) {
  GzipEncoder encoder;
  const std::string gz = encoder.Finish();
  ASSERT_GE(gz.size(), 18u);
  EXPECT_EQ(static_cast<unsigned char>(gz[0]), 0x1f);
  EXPECT_EQ(static_cast<unsigned char>(gz[1]), 0x8b);
  EXPECT_EQ(Gunzip(gz), "");
}

TEST(GzipEncoderTest, PiecesOfAnySizeComeBackByteForByte) {
  // Scrape-like lines with incompressible noise, fed in uneven pieces, one of
  // them far larger than the encoder's output growth step.
  std::mt19937 random(42);
  std::string text;
  while (text.size() < 6 * 1024 * 1024) {
    text += "heartbeat_last_success_timestamp_seconds{application=\"app-" +
            std::to_string(random() % 100000) + "\",team=\"t\"} " + std::to_string(random()) +
            ".123\n";
  }
  GzipEncoder encoder;
  const std::size_t sizes[] = {0, 1, 7, 65536, 3 * 1024 * 1024, 12345};
  std::size_t at = 0;
  for (std::size_t i = 0; at < text.size(); ++i) {
    const std::size_t size = std::min(sizes[i % 6], text.size() - at);
    encoder.Append(std::string_view(text).substr(at, size));
    at += size;
  }
  const std::string gz = encoder.Finish();
  EXPECT_LT(gz.size(), text.size() / 2);
  EXPECT_EQ(Gunzip(gz), text);
}

TEST(GzipEncoderTest, IncompressibleBytesStillComeBack) {
  std::mt19937 random(7);
  std::string bytes(2 * 1024 * 1024, '\0');
  for (char& c : bytes) c = static_cast<char>(random());
  GzipEncoder encoder;
  encoder.Append(bytes);
  EXPECT_EQ(Gunzip(encoder.Finish()), bytes);
}

}  // namespace
}  // namespace heartbeat
