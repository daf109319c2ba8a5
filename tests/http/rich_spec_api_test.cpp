// Custom labels and run windows through the management API, on /metrics and
// across a restart (issue 16); the "Done when" sequence in-process.
#include <gmock/gmock.h>

#include "common/push_fixture.h"

namespace heartbeat::testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

class RichSpecTest : public PushTest {
 protected:
  void Customize(ExporterOptions& options) override {
    options.labels_on_all_series = labels_on_all_series_;
  }

  // Nightly at 02:00 UTC (the fixture's clock starts 2026-06-01 12:00).
  std::string CreateNightly() {
    return CreateApp({{"name", "nightly"},
                      {"team", "ops"},
                      {"schedule", "0 2 * * *"},
                      {"grace", "30m"},
                      {"start_window", "10m"},
                      {"max_runtime", "2h"},
                      {"min_runtime", "1m"},
                      {"labels", {{"owner", "db"}, {"env", "prod"}}}});
  }

  httplib::Result Post(const json& body) {
    return client_->Post("/api/v1/applications", Admin(), body.dump(), "application/json");
  }

  void Ping(const std::string& token, const std::string& action = "") {
    auto res = client_->Get(("/ping/" + token + action).c_str());
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << res->body;
  }

  std::string ReasonLine() {
    const std::string metrics = Metrics();
    const auto at = metrics.find("heartbeat_state_reason{application=\"nightly\"");
    if (at == std::string::npos) return "";
    return metrics.substr(at, metrics.find('\n', at) - at);
  }

  bool labels_on_all_series_ = false;
};

TEST_F(RichSpecTest, TheFieldsAreStoredShownAndKeptAcrossARestart) {
  CreateNightly();
  for (int round = 0; round < 2; ++round) {
    const json check = Check("nightly");
    EXPECT_EQ(check["labels"], json({{"env", "prod"}, {"owner", "db"}}));
    EXPECT_EQ(check["start_window"], 600);
    EXPECT_EQ(check["max_runtime"], 7200);
    EXPECT_EQ(check["min_runtime"], 60);
    EXPECT_EQ(check["reason"], "none");
    Restart();
  }
}

TEST_F(RichSpecTest, LabelsAreOnTheInfoSeriesOnlyByDefault) {
  CreateNightly();
  const std::string metrics = Metrics();
  EXPECT_THAT(metrics, HasSubstr("heartbeat_application_info{application=\"nightly\",team=\"ops\","
                                 "schedule=\"0 2 * * *\",timezone=\"UTC\",kind=\"push\",email=\"\","
                                 "env=\"prod\",owner=\"db\"} 1\n"));
  EXPECT_THAT(metrics, HasSubstr("heartbeat_state{application=\"nightly\",team=\"ops\"} 0\n"));
  EXPECT_EQ(ReasonLine(),
            "heartbeat_state_reason{application=\"nightly\",team=\"ops\","
            "reason=\"none\"} 1");
}

class LabelsOnAllSeriesTest : public RichSpecTest {
 protected:
  void SetUp() override {
    labels_on_all_series_ = true;
    RichSpecTest::SetUp();
  }
};

TEST_F(LabelsOnAllSeriesTest, TheFlagPutsThemOnEveryPerApplicationSeries) {
  CreateNightly();
  const std::string metrics = Metrics();
  EXPECT_THAT(metrics, HasSubstr("heartbeat_state{application=\"nightly\",team=\"ops\","
                                 "env=\"prod\",owner=\"db\"} 0\n"));
  EXPECT_THAT(metrics, HasSubstr("heartbeat_signals_total{application=\"nightly\",team=\"ops\","
                                 "env=\"prod\",owner=\"db\"} 0\n"));
  EXPECT_EQ(ReasonLine(),
            "heartbeat_state_reason{application=\"nightly\",team=\"ops\","
            "env=\"prod\",owner=\"db\",reason=\"none\"} 1");
}

// The "Done when": every way the job goes wrong raises its own reason.
TEST_F(RichSpecTest, EachWayTheJobGoesWrongHasItsReason) {
  const std::string token = CreateNightly();
  clock_.Set(Utc("2026-06-02 02:05:00"));
  EXPECT_EQ(Check("nightly")["reason"], "late");
  clock_.Set(Utc("2026-06-02 02:10:00"));
  EXPECT_EQ(Check("nightly")["state"], "outdated");
  EXPECT_EQ(Check("nightly")["reason"], "not_started");  // never starts

  Ping(token, "/start");  // starts late, then hangs
  EXPECT_EQ(Check("nightly")["reason"], "late");
  clock_.Set(Utc("2026-06-02 04:10:00"));
  EXPECT_EQ(Check("nightly")["reason"], "overdue");

  Ping(token, "/start");  // a new run that "succeeds" in 2 seconds
  clock_.Set(Utc("2026-06-02 04:10:02"));
  Ping(token);
  EXPECT_EQ(Check("nightly")["state"], "fail");
  EXPECT_EQ(Check("nightly")["reason"], "too_fast");
  EXPECT_EQ(ReasonLine(),
            "heartbeat_state_reason{application=\"nightly\",team=\"ops\","
            "reason=\"too_fast\"} 1");

  Ping(token, "/start");  // a proper run
  clock_.Set(Utc("2026-06-02 04:40:00"));
  Ping(token);
  EXPECT_EQ(Check("nightly")["state"], "ok");
  EXPECT_EQ(Check("nightly")["reason"], "none");

  Ping(token, "/fail");  // fails
  EXPECT_EQ(Check("nightly")["reason"], "failed");
}

TEST_F(RichSpecTest, BadLabelsAndWindowsAreRefusedWithASentence) {
  const std::pair<json, std::string> cases[] = {
      {{{"labels", {{"team", "x"}}}},
       "label name \"team\" is reserved: the exporter or Prometheus sets it on every series"},
      {{{"labels", {{"__meta", "x"}}}},
       "label name \"__meta\" is reserved: names starting with \"__\" belong to Prometheus"},
      {{{"labels", {{"bad-name", "x"}}}},
       "label name \"bad-name\" is not a Prometheus label name (letters, digits and '_', not "
       "starting with a digit)"},
      {{{"labels", {{"owner", 3}}}}, "labels: the value of \"owner\" must be a string"},
      {{{"labels", "owner=db"}}, "labels must be an object of strings, as {\"owner\": \"db\"}"},
      {{{"labels", {{"owner", "a\u0007"}}}}, "label owner contains a control character (byte 1)"},
      {{{"start_window", "5m"}},
       "start_window needs an interval or a schedule: it counts from the time a run is due"},
      {{{"interval", "1h"}, {"grace", "10m"}, {"min_runtime", "10m"}},
       "min_runtime 10m must be shorter than the maximum run time (10m, grace)"},
      {{{"interval", "1h"}, {"max_runtime", "-1"}},
       "max_runtime: \"-1\" is not a duration (durations cannot be negative; use 90s, "
       "15m, 1h30m, 1d, 1w or plain seconds)"},
  };
  for (const auto& [fields, sentence] : cases) {
    json body = fields;
    body["name"] = "bad";
    auto res = Post(body);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400) << body.dump();
    EXPECT_EQ(json::parse(res->body).value("error", ""), sentence) << body.dump();
  }
  EXPECT_THAT(Metrics(), Not(HasSubstr("application=\"bad\"")));
}

TEST_F(RichSpecTest, SeveralSchedulesAreDueAtTheEarliest) {
  CreateApp(
      {{"name", "twice"}, {"schedule", {"0 14 * * *", "Mon..Fri *-*-* 13:00 Europe/Zurich"}}});
  const json check = Check("twice");
  EXPECT_EQ(check["schedule"], "0 14 * * *; Mon..Fri *-*-* 13:00 Europe/Zurich");
  // Monday 2026-06-01 12:00 UTC: 13:00 in Zurich is 11:00 UTC (passed), so 14:00 UTC.
  EXPECT_EQ(check["deadline"], "2026-06-01T14:00:00.000Z");
  auto res = Post({{"name", "bad"}, {"schedule", json::array({"daily", 5})}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_EQ(json::parse(res->body).value("error", ""),
            "schedule must be a string or a list of strings");
}

TEST_F(RichSpecTest, APatchReplacesTheLabelsAndNullClearsThem) {
  CreateNightly();
  auto patch = [&](const json& body) {
    auto res =
        client_->Patch("/api/v1/applications/nightly", Admin(), body.dump(), "application/json");
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << res->body;
  };
  patch({{"labels", {{"service", "billing"}}}});
  EXPECT_EQ(Check("nightly")["labels"], json({{"service", "billing"}}));
  patch({{"labels", nullptr}, {"min_runtime", nullptr}});
  EXPECT_EQ(Check("nightly")["labels"], json::object());
  EXPECT_EQ(Check("nightly")["min_runtime"], 0);
  EXPECT_THAT(Metrics(), HasSubstr("kind=\"push\",email=\"\"} 1\n"));
}

}  // namespace
}  // namespace heartbeat::testing
