#include "heartbeat/core/storage_location.h"

#include <gtest/gtest.h>

namespace heartbeat {
namespace {

TEST(StorageLocationTest, TheDefaultLivesUnderData) {
  const StorageLocation location;
  EXPECT_EQ(location.path(), "data/heartbeat.db");
  EXPECT_EQ(location.directory(), "data");
  EXPECT_EQ(location.admin_token_file(), "data/admin-token");
  EXPECT_FALSE(location.in_memory());
}

TEST(StorageLocationTest, ABareFileNameIsInTheWorkingDirectory) {
  EXPECT_EQ(StorageLocation("hb.db").admin_token_file(), "./admin-token");
}

TEST(StorageLocationTest, InMemoryHasNoAdminTokenFile) {
  const StorageLocation location(StorageLocation::kInMemory);
  EXPECT_TRUE(location.in_memory());
  EXPECT_EQ(location.admin_token_file(), "");
}

TEST(StorageLocationTest, HeartbeatctlFindsTheServersTokenFromItsDataDir) {
  EXPECT_EQ(StorageLocation::InDirectory("/var/lib/heartbeat").admin_token_file(),
            "/var/lib/heartbeat/admin-token");
  EXPECT_EQ(StorageLocation::InDirectory("").admin_token_file(), "./admin-token");
}

}  // namespace
}  // namespace heartbeat
