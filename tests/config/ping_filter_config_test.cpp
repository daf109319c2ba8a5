// Keyword filters and `methods: POST` in the config file: both list forms,
// and every mistake named at its file, line and field.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/config_error.h"
#include "heartbeat/config/config_file.h"

namespace heartbeat {
namespace {

using testing::ConfigErrorOf;
using ::testing::HasSubstr;

TEST(PingFilterConfigTest, KeywordsAsAListOrOneCommaSeparatedString) {
  const ConfigFile config = ParseConfigText(R"(applications:
  - name: backup
    success_keywords: [Backup successful, "done: 0 errors"]
    failure_keywords: "ERROR, FATAL"
    start_keywords:
      - starting
    fail_when_no_keyword_matches: true
    methods: POST
  - name: plain
)",
                                            "hb.yaml");
  ASSERT_EQ(config.applications.size(), 2u);
  const PingFilter& filter = config.applications[0].spec.ping_filter();
  EXPECT_EQ(filter.success_keywords,
            (std::vector<std::string>{"Backup successful", "done: 0 errors"}));
  EXPECT_EQ(filter.failure_keywords, (std::vector<std::string>{"ERROR", "FATAL"}));
  EXPECT_EQ(filter.start_keywords, (std::vector<std::string>{"starting"}));
  EXPECT_TRUE(filter.fail_when_no_keyword_matches);
  EXPECT_TRUE(filter.post_only);
  EXPECT_TRUE(config.applications[1].spec.ping_filter().is_default());
  EXPECT_FALSE(config.applications[1].spec.filter) << "a default filter is stored as none";
}

TEST(PingFilterConfigTest, MistakesNameFileLineAndField) {
  const std::string prefix = "applications:\n  - name: a\n";
  EXPECT_EQ(ConfigErrorOf(prefix + "    methods: GET\n"),
            "hb.yaml:3: applications[0].methods: expected POST (only POST pings count) or \"\" "
            "(HEAD, GET and POST), got \"GET\"");
  EXPECT_EQ(ConfigErrorOf(prefix + "    fail_when_no_keyword_matches: true\n"),
            "hb.yaml:3: applications[0].fail_when_no_keyword_matches: "
            "fail_when_no_keyword_matches needs at least one of success_keywords, "
            "failure_keywords or start_keywords");
  EXPECT_EQ(ConfigErrorOf(prefix + "    fail_when_no_keyword_matches: maybe\n"),
            "hb.yaml:3: applications[0].fail_when_no_keyword_matches: expected true or false, "
            "got \"maybe\"");
  EXPECT_EQ(ConfigErrorOf(prefix + "    success_keywords: [[nested]]\n"),
            "hb.yaml:3: applications[0].success_keywords: expected a list of keywords (strings)");
  EXPECT_THAT(ConfigErrorOf(prefix + "    failure_keywords: [\"a,b\"]\n"),
              HasSubstr("hb.yaml:3: applications[0].failure_keywords: failure_keywords keyword "
                        "\"a,b\" contains a comma or a control character"));
  EXPECT_THAT(ConfigErrorOf(prefix + "    start_keywords: [\"" + std::string(201, 'x') + "\"]\n"),
              HasSubstr("longer than 200 bytes"));
}

}  // namespace
}  // namespace heartbeat
