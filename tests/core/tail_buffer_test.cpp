#include "heartbeat/core/tail_buffer.h"

#include <gtest/gtest.h>

#include <string>

namespace heartbeat {
namespace {

TEST(TailBufferTest, KeepsEverythingBelowCapacity) {
  TailBuffer tail(10);
  tail.Append("abc");
  tail.Append("def");
  EXPECT_EQ(tail.Contents(), "abcdef");
  EXPECT_EQ(tail.size(), 6u);
  EXPECT_EQ(tail.total_bytes(), 6u);
}

TEST(TailBufferTest, KeepsOnlyTheNewestBytesWhenFull) {
  TailBuffer tail(5);
  tail.Append("abcd");
  tail.Append("efg");
  EXPECT_EQ(tail.Contents(), "cdefg");
  tail.Append("h");
  EXPECT_EQ(tail.Contents(), "defgh");
  EXPECT_EQ(tail.size(), 5u);
  EXPECT_EQ(tail.total_bytes(), 8u);
}

TEST(TailBufferTest, OneChunkLargerThanCapacityKeepsItsEnd) {
  TailBuffer tail(4);
  tail.Append("xy");
  tail.Append("0123456789");
  EXPECT_EQ(tail.Contents(), "6789");
  tail.Append("ab");
  EXPECT_EQ(tail.Contents(), "89ab");
}

TEST(TailBufferTest, ExactlyCapacityWrapsCleanly) {
  TailBuffer tail(3);
  tail.Append("a");
  tail.Append("bcd");
  EXPECT_EQ(tail.Contents(), "bcd");
  tail.Append("efg");
  EXPECT_EQ(tail.Contents(), "efg");
}

TEST(TailBufferTest, BinaryBytesSurvive) {
  TailBuffer tail(8);
  const std::string bytes("a\0b\xff\n", 5);
  tail.Append(bytes);
  EXPECT_EQ(tail.Contents(), bytes);
}

TEST(TailBufferTest, MatchesAStraightStringForManyChunkSizes) {
  // The ring must agree with "keep the last N bytes of everything" for any chunking.
  for (std::size_t chunk = 1; chunk <= 23; ++chunk) {
    TailBuffer tail(17);
    std::string everything;
    for (int i = 0; i < 50; ++i) {
      std::string piece;
      for (std::size_t j = 0; j < chunk; ++j)
        piece.push_back(static_cast<char>('a' + (i + j) % 26));
      tail.Append(piece);
      everything += piece;
    }
    EXPECT_EQ(tail.Contents(), everything.substr(everything.size() - 17)) << "chunk " << chunk;
  }
}

TEST(TailBufferTest, DefaultCapacityIs100KiB) {
  TailBuffer tail;
  EXPECT_EQ(tail.capacity(), 100u * 1024u);
  tail.Append(std::string(150 * 1024, 'x') + "END");
  EXPECT_EQ(tail.size(), 100u * 1024u);
  EXPECT_EQ(tail.Contents().substr(tail.size() - 3), "END");
}

TEST(TailBufferTest, ZeroCapacityKeepsNothing) {
  TailBuffer tail(0);
  tail.Append("abc");
  EXPECT_EQ(tail.Contents(), "");
  EXPECT_EQ(tail.total_bytes(), 3u);
}

TEST(TailBufferTest, TakeReturnsTheTailAndEmptiesTheBuffer) {
  TailBuffer tail(4);
  tail.Append("abcdefgh");
  tail.Append("ij");
  EXPECT_EQ(tail.Take(), "ghij");
  EXPECT_EQ(tail.size(), 0u);
  EXPECT_EQ(tail.total_bytes(), 10u);
}

}  // namespace
}  // namespace heartbeat
