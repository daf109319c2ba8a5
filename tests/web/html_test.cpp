#include "heartbeat/web/html.h"

#include <gtest/gtest.h>

#include "common/test_time.h"
#include "heartbeat/web/pages.h"

namespace heartbeat::web {
namespace {

using std::chrono::hours;

TEST(HtmlTest, EscapesEveryCharacterThatMeansSomething) {
  EXPECT_EQ(Escape("<img src=x onerror=alert(1)>"), "&lt;img src=x onerror=alert(1)&gt;");
  EXPECT_EQ(Escape("a&b \"c\" 'd'"), "a&amp;b &quot;c&quot; &#39;d&#39;");
  EXPECT_EQ(Escape("Zürich"), "Zürich");
}

TEST(HtmlTest, PercentIsTruncatedNotRounded) {
  EXPECT_EQ(Percent(0.99999), "99.99%");
  EXPECT_EQ(Percent(1.0), "100.00%");
  EXPECT_EQ(Percent(std::nullopt), "-");
}

TEST(TimelineTest, SegmentsCoverTheWindowInOrder) {
  const TimePoint now = testing::Utc("2026-06-08 00:00:00");
  const TimePoint start = now - hours(24 * 7);
  const std::vector<Flip> flips = {{start - hours(1), State::kNew, State::kOk, ""},
                                   {start + hours(24), State::kOk, State::kOutdated, ""},
                                   {start + hours(26), State::kOutdated, State::kOk, ""}};
  const auto segments = Timeline(flips, State::kNew, start, now);
  ASSERT_EQ(segments.size(), 3u);
  EXPECT_EQ(segments[0].state, State::kOk);
  EXPECT_EQ(segments[0].start, start);
  EXPECT_EQ(segments[1].state, State::kOutdated);
  EXPECT_EQ(segments[1].end, start + hours(26));
  EXPECT_EQ(segments[2].end, now);
}

TEST(PagesTest, StatusPageEscapesItsTitleAndShowsNoTeam) {
  auto app = std::make_shared<Application>();
  app->spec.name = "backup";
  app->spec.team = "secret-team";
  PageInfo info;
  info.now = testing::Utc("2026-06-08 00:00:00");
  const std::string page = StatusPage(
      "<script>x</script>",
      {{app, {State::kLate, Reason::kLate, std::nullopt, std::nullopt}, {0.5, 0.5, 0.5}}}, info);
  EXPECT_EQ(page.find("<script>x"), std::string::npos);
  EXPECT_NE(page.find("&lt;script&gt;x"), std::string::npos);
  EXPECT_EQ(page.find("secret-team"), std::string::npos);
  EXPECT_NE(page.find("state-late"), std::string::npos);
  EXPECT_NE(page.find("50.00%"), std::string::npos);
}

}  // namespace
}  // namespace heartbeat::web
