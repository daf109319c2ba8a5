#include "heartbeat/core/text.h"

#include <gtest/gtest.h>

#include <fstream>

#include "common/temp_dir.h"

namespace heartbeat {
namespace {

TEST(TextTest, CaseIsAsciiOnly) {
  EXPECT_EQ(ToLower("OK Fail-ÄB"), "ok fail-Äb");
  EXPECT_EQ(ToUpper("mon-fri @daily"), "MON-FRI @DAILY");
}

TEST(TextTest, TrimRemovesAsciiWhiteSpaceOnly) {
  EXPECT_EQ(Trim(" \t ok \r\n"), "ok");
  EXPECT_EQ(Trim("   "), "");
  EXPECT_EQ(TrimRight("  token\n\n"), "  token");
  EXPECT_EQ(Trim("a b"), "a b");
}

TEST(TextTest, StartsWith) {
  EXPECT_TRUE(StartsWith("/ping/abc", "/ping/"));
  EXPECT_FALSE(StartsWith("/pin", "/ping/"));
  EXPECT_TRUE(StartsWith("x", ""));
}

class SecretFileTest : public ::testing::Test {
 protected:
  std::string Write(const std::string& content) {
    const std::string path = (dir_.path() / "secret").string();
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }
  testing::TempDir dir_;
};

TEST_F(SecretFileTest, ReadsTheTokenWithoutSurroundingWhiteSpace) {
  EXPECT_EQ(ReadSecretFile(Write("  s3cret-token\n"), "admin token file"), "s3cret-token");
}

TEST_F(SecretFileTest, RefusesEmptyMissingAndOversizedFilesWithASentence) {
  EXPECT_THROW(ReadSecretFile(Write("\n \n"), "admin token file"), std::runtime_error);
  EXPECT_THROW(ReadSecretFile((dir_.path() / "absent").string(), "admin token file"),
               std::runtime_error);
  try {
    ReadSecretFile(Write(std::string(5000, 'x')), "token file", 4096);
    FAIL() << "an oversized file was read";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("larger than 4096 bytes"), std::string::npos);
  }
}

TEST_F(SecretFileTest, AnEndlessDeviceIsCutOffAtTheCap) {
  EXPECT_THROW(ReadSecretFile("/dev/zero", "token file", 4096), std::runtime_error);
}

}  // namespace
}  // namespace heartbeat
