#include "heartbeat/web/badge.h"

#include <gtest/gtest.h>

namespace heartbeat::web {
namespace {

TEST(BadgeTest, StatesMapToHealthchecksBadgeStates) {
  EXPECT_EQ(BadgeStateOf(State::kOk), BadgeState::kUp);
  EXPECT_EQ(BadgeStateOf(State::kNew), BadgeState::kUp);
  EXPECT_EQ(BadgeStateOf(State::kPaused), BadgeState::kUp);
  EXPECT_EQ(BadgeStateOf(State::kLate), BadgeState::kLate);
  EXPECT_EQ(BadgeStateOf(State::kOutdated), BadgeState::kDown);
  EXPECT_EQ(BadgeStateOf(State::kFail), BadgeState::kDown);
}

TEST(BadgeTest, ATeamIsAsBadAsItsWorstApplication) {
  EXPECT_EQ(CombinedBadgeState({}), BadgeState::kUp);
  EXPECT_EQ(CombinedBadgeState({State::kOk, State::kLate}), BadgeState::kLate);
  EXPECT_EQ(CombinedBadgeState({State::kLate, State::kFail, State::kOk}), BadgeState::kDown);
}

TEST(BadgeTest, SvgCarriesTheStateColourAndAnEscapedLabel) {
  const std::string up = BadgeSvg("a<b>&\"c\"", BadgeState::kUp);
  EXPECT_NE(up.find("fill=\"#4c1\""), std::string::npos);
  EXPECT_NE(up.find("a&lt;b&gt;&amp;&quot;c&quot;"), std::string::npos);
  EXPECT_EQ(up.find("<b>"), std::string::npos);
  EXPECT_NE(BadgeSvg("x", BadgeState::kLate).find("fill=\"#fe7d37\""), std::string::npos);
  EXPECT_NE(BadgeSvg("x", BadgeState::kDown).find("fill=\"#e05d44\""), std::string::npos);
  EXPECT_EQ(ShieldsColour(BadgeState::kLate), std::string("orange"));
}

TEST(BadgeTest, LongLabelsAreCutAtWholeCharacters) {
  std::string label;
  for (int i = 0; i < 100; ++i) label += "ü";  // two bytes each
  const std::string svg = BadgeSvg(label, BadgeState::kUp);
  std::string sixty;
  for (int i = 0; i < 60; ++i) sixty += "ü";
  EXPECT_NE(svg.find(">" + sixty + "<"), std::string::npos);
  EXPECT_EQ(svg.find(sixty + "ü"), std::string::npos);
}

}  // namespace
}  // namespace heartbeat::web
