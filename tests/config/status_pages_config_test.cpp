#include <gtest/gtest.h>

#include "heartbeat/config/config_file.h"

namespace heartbeat {
namespace {

std::string ErrorOf(const std::string& text) {
  try {
    ParseConfigText(text, "hb.yaml");
  } catch (const ConfigError& error) {
    return error.what();
  }
  return "";
}

TEST(StatusPagesConfigTest, PagesAreReadWithTheirApplicationsAndTeams) {
  const ConfigFile config = ParseConfigText(
      "status_pages:\n  - slug: backups\n    title: Backups\n    applications: [db, files]\n"
      "  - slug: ops-team\n    title: \"Ops & friends\"\n    teams: [ops]\n",
      "hb.yaml");
  ASSERT_EQ(config.status_pages.size(), 2u);
  EXPECT_EQ(config.status_pages[0].slug, "backups");
  EXPECT_EQ(config.status_pages[0].applications, (std::vector<std::string>{"db", "files"}));
  EXPECT_EQ(config.status_pages[1].title, "Ops & friends");
  EXPECT_EQ(config.status_pages[1].teams, (std::vector<std::string>{"ops"}));
  EXPECT_TRUE(ParseConfigText("applications: []\n", "hb.yaml").status_pages.empty());
}

TEST(StatusPagesConfigTest, MistakesAreRefusedNamingLineAndField) {
  EXPECT_EQ(ErrorOf("status_pages:\n  - slug: Bad_Slug\n    title: x\n    teams: [a]\n"),
            "hb.yaml:2: status_pages[0]: slug: \"Bad_Slug\" is not a valid slug (use 1 to 64 of "
            "a-z, 0-9 and '-', starting with a letter or digit)");
  EXPECT_NE(ErrorOf("status_pages:\n  - slug: a\n    title: x\n").find("lists neither"),
            std::string::npos);
  EXPECT_NE(ErrorOf("status_pages:\n  - slug: a\n    teams: [x]\n").find("needs a title"),
            std::string::npos);
  EXPECT_NE(ErrorOf("status_pages:\n  - slug: a\n    title: t\n    applications: [\"a b\"]\n")
                .find("not a valid application name"),
            std::string::npos);
  EXPECT_NE(ErrorOf("status_pages:\n  - slug: a\n    title: t\n    teams: [x]\n    colour: red\n")
                .find("unknown key \"colour\""),
            std::string::npos);
  EXPECT_NE(ErrorOf("status_pages:\n  - {slug: a, title: t, teams: [x]}\n"
                    "  - {slug: a, title: u, teams: [y]}\n")
                .find("hb.yaml:3: status_pages[1].slug: \"a\" is used by another page"),
            std::string::npos);
  EXPECT_NE(ErrorOf("status_pages: yes\n").find("expected a list"), std::string::npos);
}

}  // namespace
}  // namespace heartbeat
