#include "heartbeat/core/ping_key.h"

#include <gtest/gtest.h>

namespace heartbeat {
namespace {

TEST(PingKeyTest, ProvisionedApplicationsTakeNameAndTeamFromPingAndKey) {
  PingKey key;
  key.team = "ops";
  key.auto_provision = true;
  key.provision.schedule = "30 2 * * *";
  key.provision.timezone = "Europe/Zurich";
  key.provision.grace = Seconds(600);
  const ApplicationSpec spec = ProvisionedSpec(key, "db-backup");
  EXPECT_EQ(spec.name, "db-backup");
  EXPECT_EQ(spec.team, "ops");
  EXPECT_EQ(spec.schedule, "30 2 * * *");
  EXPECT_EQ(spec.timezone, "Europe/Zurich");
  EXPECT_EQ(spec.grace, Seconds(600));
  EXPECT_EQ(ValidatePingKey(key), "");
}

TEST(PingKeyTest, SettingsNeedAutoProvisioningAndMustMakeAValidApplication) {
  PingKey key;
  key.team = "ops";
  EXPECT_EQ(ValidatePingKey(key), "");
  key.provision.interval = Seconds(60);
  EXPECT_EQ(ValidatePingKey(key),
            "interval, schedule, timezone and grace are the settings of auto-provisioned "
            "applications: set auto_provision to true, or leave them out");
  key.auto_provision = true;
  key.provision.schedule = "@daily";
  EXPECT_NE(ValidatePingKey(key).find("interval and schedule cannot both be set"),
            std::string::npos);
}

}  // namespace
}  // namespace heartbeat
