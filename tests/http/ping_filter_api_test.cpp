// Keyword filters and `methods: POST` per application through the API and the
// ping forms: the classification recorded with each signal, ignored pings,
// and the fields' validation.
#include "common/push_fixture.h"

namespace heartbeat::testing {
namespace {

using nlohmann::json;

class PingFilterTest : public PushTest {
 protected:
  void SetUp() override {
    PushTest::SetUp();
    token_ = CreateApp({{"name", "backup"},
                        {"team", "ops"},
                        {"interval", "1d"},
                        {"success_keywords", {"Backup successful"}},
                        {"failure_keywords", "ERROR, FATAL"},
                        {"start_keywords", json::array({"starting"})}});
  }

  json Ping(const std::string& body, const std::string& action = "") {
    auto res = client_->Post(("/ping/" + token_ + action).c_str(), body, "text/plain");
    EXPECT_TRUE(res);
    if (!res) return json();
    EXPECT_EQ(res->status, 200);
    EXPECT_EQ(res->body, "OK") << "every classification is answered OK, as healthchecks.io does";
    return History("backup")[0];
  }

  httplib::Result Patch(const json& body) {
    return client_->Patch("/api/v1/applications/backup", Admin(), body.dump(), "application/json");
  }

  std::string token_;
};

TEST_F(PingFilterTest, TheFieldsAreShownOnTheCheckObject) {
  const json check = Check("backup");
  EXPECT_EQ(check["success_keywords"], json::array({"Backup successful"}));
  EXPECT_EQ(check["failure_keywords"], json::array({"ERROR", "FATAL"}));
  EXPECT_EQ(check["start_keywords"], json::array({"starting"}));
  EXPECT_EQ(check["fail_when_no_keyword_matches"], false);
  EXPECT_EQ(check["methods"], "");
}

TEST_F(PingFilterTest, TheBodyDecidesAndTheKeywordIsRecorded) {
  json row = Ping("starting the copy", "/fail");
  EXPECT_EQ(row["kind"], "start");
  EXPECT_EQ(row["classified_by"], "start_keyword");
  EXPECT_EQ(row["matched_keyword"], "starting");
  row = Ping("...\nBackup successful\n");
  EXPECT_EQ(row["kind"], "ok");
  EXPECT_EQ(row["classified_by"], "success_keyword");
  EXPECT_EQ(Check("backup")["state"], "ok");
  row = Ping("Backup successful, 1 FATAL warning", "/0");
  EXPECT_EQ(row["kind"], "fail") << "failure keywords are looked for first";
  EXPECT_EQ(row["exit_status"], 0) << "the exit status sent is kept as sent";
  EXPECT_EQ(row["matched_keyword"], "FATAL");
  EXPECT_EQ(Check("backup")["state"], "fail");
  EXPECT_EQ(Sample("heartbeat_state", "backup", "ops"), "4");
}

TEST_F(PingFilterTest, NoKeywordFoundIsIgnoredOrAFailure) {
  Ping("Backup successful");
  json row = Ping("nothing to see");
  EXPECT_EQ(row["kind"], "ignored");
  EXPECT_EQ(row["classified_by"], "no_keyword_matched");
  EXPECT_EQ(row["matched_keyword"], nullptr);
  EXPECT_EQ(Check("backup")["state"], "ok") << "an ignored ping changes nothing";
  EXPECT_EQ(Check("backup")["signals_total"], 1);

  ASSERT_EQ(Patch({{"fail_when_no_keyword_matches", true}})->status, 200);
  row = Ping("nothing to see");
  EXPECT_EQ(row["kind"], "fail");
  EXPECT_EQ(row["classified_by"], "no_keyword_matched");
  EXPECT_EQ(Check("backup")["state"], "fail");
  ASSERT_EQ(client_->Get(("/ping/" + token_).c_str())->status, 200);
  EXPECT_EQ(History("backup")[0]["kind"], "fail") << "a bodiless GET matches no keyword either";
}

TEST_F(PingFilterTest, PostOnlyAnswersOtherMethodsButIgnoresThem) {
  auto patched = Patch({{"methods", "POST"},
                        {"success_keywords", nullptr},
                        {"failure_keywords", json::array()},
                        {"start_keywords", ""}});
  ASSERT_TRUE(patched);
  ASSERT_EQ(patched->status, 200) << patched->body;
  EXPECT_EQ(json::parse(patched->body)["methods"], "POST");
  ASSERT_TRUE(client_->Post("/api/v1/applications/backup/pause", Admin(), "", "text/plain"));

  auto get = client_->Get(("/ping/" + token_).c_str());
  ASSERT_TRUE(get);
  EXPECT_EQ(get->status, 200);
  EXPECT_EQ(get->body, "OK");
  EXPECT_EQ(client_->Head(("/ping/" + token_ + "/fail").c_str())->status, 200);
  const json history = History("backup");
  ASSERT_EQ(history.size(), 2u);
  for (const json& row : history) {
    EXPECT_EQ(row["kind"], "ignored");
    EXPECT_EQ(row["classified_by"], "method");
  }
  EXPECT_EQ(Check("backup")["state"], "paused") << "a crawler's GET does not resume a pause";
  EXPECT_EQ(client_->Get(("/api/push/" + token_).c_str())->status, 200);
  EXPECT_EQ(History("backup")[0]["kind"], "ignored") << "Uptime Kuma's GET is a GET too";

  Ping("", "/start");
  EXPECT_EQ(History("backup")[0]["kind"], "start");
  EXPECT_EQ(Check("backup")["paused"], false) << "a POST is the job speaking";
}

TEST_F(PingFilterTest, BadValuesAreRefusedWithASentence) {
  const std::pair<json, std::string> cases[] = {
      {{{"methods", "GET"}},
       "methods must be \"POST\" (only POST pings count) or \"\" (HEAD, GET and POST)"},
      {{{"success_keywords", 5}},
       "success_keywords must be a list of strings or one comma-separated string"},
      {{{"failure_keywords", {1, 2}}}, "failure_keywords must be a list of strings"},
      {{{"start_keywords", {" padded "}}},
       "start_keywords has a blank keyword or one with surrounding spaces"},
      {{{"success_keywords", {"a,b"}}},
       "success_keywords keyword \"a,b\" contains a comma or a control character"},
      {{{"success_keywords", nullptr},
        {"failure_keywords", nullptr},
        {"start_keywords", nullptr},
        {"fail_when_no_keyword_matches", true}},
       "fail_when_no_keyword_matches needs at least one of success_keywords, failure_keywords "
       "or start_keywords"},
      {{{"fail_when_no_keyword_matches", "yes"}},
       "fail_when_no_keyword_matches must be true or false"},
  };
  for (const auto& [body, sentence] : cases) {
    auto res = Patch(body);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400) << body.dump();
    EXPECT_EQ(res->body, json({{"error", sentence}}).dump()) << body.dump();
  }
  EXPECT_EQ(Check("backup")["failure_keywords"], json::array({"ERROR", "FATAL"}));
}

}  // namespace
}  // namespace heartbeat::testing
