// How a ping is read through an application's keywords and methods
// (healthchecks.io's filtering rules), and what an ignored or measured signal does.
#include "heartbeat/core/classify.h"

#include <gtest/gtest.h>

#include "common/test_time.h"

namespace heartbeat {
namespace {

using testing::Utc;

PingFilter Keywords() {
  PingFilter filter;
  filter.success_keywords = {"Backup successful", "done"};
  filter.failure_keywords = {"ERROR"};
  filter.start_keywords = {"starting"};
  return filter;
}

TEST(ClassifyTest, WithoutAFilterTheRequestDecides) {
  for (SignalKind kind :
       {SignalKind::kOk, SignalKind::kFail, SignalKind::kStart, SignalKind::kLog}) {
    const Classification c = ClassifyPing(PingFilter{}, kind, /*is_post=*/false, "ERROR");
    EXPECT_EQ(c.kind, kind);
    EXPECT_EQ(c.by, ClassifiedBy::kRequest);
    EXPECT_EQ(c.keyword, "");
  }
}

TEST(ClassifyTest, FailureKeywordsWinThenSuccessThenStart) {
  const PingFilter filter = Keywords();
  Classification c = ClassifyPing(filter, SignalKind::kOk, true, "starting... done, 1 ERROR");
  EXPECT_EQ(c.kind, SignalKind::kFail);
  EXPECT_EQ(c.by, ClassifiedBy::kFailureKeyword);
  EXPECT_EQ(c.keyword, "ERROR");
  c = ClassifyPing(filter, SignalKind::kFail, true, "starting... done");
  EXPECT_EQ(c.kind, SignalKind::kOk) << "a success keyword overrides /fail, as in healthchecks.io";
  EXPECT_EQ(c.by, ClassifiedBy::kSuccessKeyword);
  EXPECT_EQ(c.keyword, "done");
  c = ClassifyPing(filter, SignalKind::kOk, true, "starting the copy");
  EXPECT_EQ(c.kind, SignalKind::kStart);
  EXPECT_EQ(c.by, ClassifiedBy::kStartKeyword);
}

TEST(ClassifyTest, KeywordsAreCaseSensitiveSubstrings) {
  const PingFilter filter = Keywords();
  EXPECT_EQ(ClassifyPing(filter, SignalKind::kOk, true, "error").by,
            ClassifiedBy::kNoKeywordMatched);
  EXPECT_EQ(ClassifyPing(filter, SignalKind::kOk, true, "xxERRORxx").kind, SignalKind::kFail);
}

TEST(ClassifyTest, NoKeywordFoundIsIgnoredOrAFailure) {
  PingFilter filter = Keywords();
  Classification c = ClassifyPing(filter, SignalKind::kOk, false, "");
  EXPECT_EQ(c.kind, SignalKind::kIgnored);
  EXPECT_EQ(c.by, ClassifiedBy::kNoKeywordMatched);
  filter.fail_when_no_keyword_matches = true;
  c = ClassifyPing(filter, SignalKind::kOk, false, "all fine");
  EXPECT_EQ(c.kind, SignalKind::kFail);
  EXPECT_EQ(c.by, ClassifiedBy::kNoKeywordMatched);
}

TEST(ClassifyTest, PostOnlyIgnoresEveryOtherMethodBeforeKeywords) {
  PingFilter filter = Keywords();
  filter.post_only = true;
  Classification c = ClassifyPing(filter, SignalKind::kOk, /*is_post=*/false, "ERROR");
  EXPECT_EQ(c.kind, SignalKind::kIgnored);
  EXPECT_EQ(c.by, ClassifiedBy::kMethod);
  c = ClassifyPing(filter, SignalKind::kOk, /*is_post=*/true, "ERROR");
  EXPECT_EQ(c.kind, SignalKind::kFail);
  PingFilter only_post;
  only_post.post_only = true;
  EXPECT_EQ(ClassifyPing(only_post, SignalKind::kStart, true, "").kind, SignalKind::kStart);
}

TEST(ClassifyTest, SplitKeywordsTrimsAndDropsEmptyItems) {
  EXPECT_EQ(SplitKeywords(" SUCCESS, COMPLETED ,,"),
            (std::vector<std::string>{"SUCCESS", "COMPLETED"}));
  EXPECT_TRUE(SplitKeywords("").empty());
  EXPECT_EQ(SplitKeywords("Backup successful"), (std::vector<std::string>{"Backup successful"}));
}

TEST(ClassifyTest, FilterRulesSaySentences) {
  PingFilter filter;
  filter.fail_when_no_keyword_matches = true;
  EXPECT_EQ(CheckPingFilter(filter),
            "fail_when_no_keyword_matches needs at least one of success_keywords, "
            "failure_keywords or start_keywords");
  filter.failure_keywords = {" padded"};
  EXPECT_EQ(CheckPingFilter(filter),
            "failure_keywords has a blank keyword or one with surrounding spaces");
  filter.failure_keywords = {std::string(201, 'x')};
  EXPECT_EQ(CheckPingFilter(filter), "failure_keywords has a keyword longer than 200 bytes");
  filter.failure_keywords = std::vector<std::string>(33, "x");
  EXPECT_EQ(CheckPingFilter(filter), "failure_keywords has 33 keywords; at most 32 are allowed");
  filter.failure_keywords = {"a\nb"};
  EXPECT_EQ(CheckPingFilter(filter),
            "failure_keywords keyword \"a\nb\" contains a comma or a control character");
  filter.failure_keywords = {"ERROR"};
  EXPECT_EQ(CheckPingFilter(filter), "");
}

TEST(ClassifyTest, MethodsAreEmptyOrPost) {
  bool post_only = false;
  EXPECT_TRUE(ParseMethods("post", post_only));
  EXPECT_TRUE(post_only);
  EXPECT_TRUE(ParseMethods("", post_only));
  EXPECT_FALSE(post_only);
  EXPECT_FALSE(ParseMethods("GET", post_only));
}

TEST(ClassifyTest, AnIgnoredSignalChangesNothingNotEvenAPause) {
  Application app;
  app.paused = true;
  Signal signal;
  signal.kind = SignalKind::kIgnored;
  signal.received_at = Utc("2026-01-01 00:00:00");
  const SignalEffect effect = ApplySignal(app, signal);
  EXPECT_FALSE(effect.completion);
  EXPECT_FALSE(effect.duration_seconds.has_value());
  EXPECT_TRUE(app.paused);
  EXPECT_EQ(app.signals_total, 0);
  EXPECT_FALSE(app.last_success.has_value());
}

TEST(ClassifyTest, AReportedDurationCountsOnlyWhenNoRunCloses) {
  Application app;
  Signal done;
  done.kind = SignalKind::kOk;
  done.received_at = Utc("2026-01-01 00:10:00");
  done.reported_duration = 12.5;
  EXPECT_DOUBLE_EQ(*ApplySignal(app, done).duration_seconds, 12.5);
  EXPECT_DOUBLE_EQ(*app.last_duration_seconds, 12.5);

  Signal start;
  start.kind = SignalKind::kStart;
  start.received_at = Utc("2026-01-01 01:00:00");
  start.rid = "series-1";
  ApplySignal(app, start);
  done.received_at = Utc("2026-01-01 01:01:00");
  done.rid = "series-1";
  EXPECT_DOUBLE_EQ(*ApplySignal(app, done).duration_seconds, 60.0) << "the measured run wins";
}

}  // namespace
}  // namespace heartbeat
