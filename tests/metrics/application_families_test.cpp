#include "heartbeat/metrics/application_families.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "common/test_time.h"

namespace heartbeat {
namespace {

using testing::Utc;

TEST(ApplicationFamiliesTest, SampleValuesFollowTheSpec) {
  Application app;
  app.spec.interval = std::chrono::hours(1);
  app.spec.grace = std::chrono::minutes(5);
  app.created_at = Utc("2026-06-01 08:00:00");
  app.last_failure = Utc("2026-06-01 11:00:00");
  app.signals_total = 9;
  app.failures_total = 2;
  const ApplicationSample sample = SampleApplication(app, Utc("2026-06-01 12:00:00"));
  EXPECT_EQ(sample.state, State::kFail);
  EXPECT_EQ(sample.values[0], 4);           // heartbeat_state
  EXPECT_EQ(sample.values[1], 0);           // heartbeat_up
  EXPECT_EQ(sample.values[4], 1780311600);  // heartbeat_last_failure_timestamp_seconds
  EXPECT_EQ(sample.values[8], 3600);        // heartbeat_interval_seconds
  EXPECT_EQ(sample.values[9], 300);         // heartbeat_grace_seconds
  EXPECT_EQ(sample.values[10], 9);          // heartbeat_signals_total
  EXPECT_EQ(sample.values[11], 2);          // heartbeat_signal_failures_total
  EXPECT_EQ(StatuscopeValue(State::kFail), 3);
  EXPECT_EQ(StatuscopeValue(State::kOutdated), 2);
  EXPECT_EQ(StatuscopeValue(State::kLate), 1);
  EXPECT_EQ(StatuscopeValue(State::kNew), 1);
}

TEST(ApplicationFamiliesTest, TheTableNamesEachFamilyOnceWithTheIndexedOnesWhereSaid) {
  std::set<std::string> names;
  for (const ApplicationFamily& family : kApplicationFamilies) {
    EXPECT_TRUE(names.insert(family.name).second) << family.name << " twice";
    EXPECT_FALSE(std::string(family.help).empty()) << family.name;
    EXPECT_EQ(std::string(family.name).find("_total") != std::string::npos, family.counter)
        << family.name << ": counters, and only counters, end in _total";
  }
  EXPECT_STREQ(kApplicationFamilies[0].name, "heartbeat_state");
  EXPECT_STREQ(kApplicationFamilies[kInfoFamily].name, "heartbeat_application_info");
  EXPECT_STREQ(kApplicationFamilies[kPerStateFamily].name, "heartbeat_applications");
  EXPECT_STREQ(kApplicationFamilies[kStatuscopeFamily].name, "statuscope_check_ok");
}

}  // namespace
}  // namespace heartbeat
