// statuscope's protocol end to end: POST /signal in its three encodings, /checks, /healthz.
#include "common/server_fixture.h"

namespace heartbeat::testing {
namespace {

using nlohmann::json;

class StatuscopeApiTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    token_ = CreateApp({{"name", "backup"}, {"interval", "1h"}, {"team", "ops"}});
  }
  std::string token_;
};

TEST_F(StatuscopeApiTest, FormBodySignalAnswers201WithTheCheckObject) {
  auto res = client_->Post("/signal", "application=backup&token=" + token_ + "&status=ok",
                           "application/x-www-form-urlencoded");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 201);
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/json; charset=utf-8");
  const json check = json::parse(res->body);
  EXPECT_EQ(check["application"], "backup");
  EXPECT_EQ(check["team"], "ops");
  EXPECT_EQ(check["state"], "ok");
  EXPECT_EQ(check["last_signal_ok"], true);
  EXPECT_EQ(check["last_signal_recent"], true);
  EXPECT_EQ(check["check_in"], "2026-06-01T12:00:00.000Z");
  EXPECT_EQ(check["interval"], 3600);
  EXPECT_EQ(check["signals_total"], 1);
  EXPECT_FALSE(check.contains("token")) << "the check object never carries the token";
}

TEST_F(StatuscopeApiTest, QueryStringAndJsonBodyWorkToo) {
  auto res = client_->Post(("/signal?application=backup&token=" + token_ + "&status=FAIL").c_str(),
                           "", "text/plain");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 201) << res->body;
  EXPECT_EQ(json::parse(res->body)["state"], "fail");
  res = client_->Post("/signal",
                      json{{"application", "backup"}, {"token", token_}, {"status", "Ok"}}.dump(),
                      "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 201) << res->body;
  EXPECT_EQ(json::parse(res->body)["state"], "ok");
  EXPECT_EQ(Check("backup")["failures_total"], 1);
}

TEST_F(StatuscopeApiTest, MissingOrBlankParameterIs400) {
  for (const std::string& body :
       std::vector<std::string>{"token=" + token_ + "&status=ok", "application=backup&status=ok",
                                "application=backup&token=" + token_,
                                "application=%20&token=" + token_ + "&status=ok"}) {
    auto res = client_->Post("/signal", body, "application/x-www-form-urlencoded");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400) << body;
    EXPECT_NE(json::parse(res->body)["error"].get<std::string>().find("missing or blank"),
              std::string::npos);
  }
}

TEST_F(StatuscopeApiTest, UnknownStatusIs422) {
  auto res = client_->Post("/signal", "application=backup&token=" + token_ + "&status=maybe",
                           "application/x-www-form-urlencoded");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 422);
  EXPECT_NE(res->body.find("\\\"ok\\\" or \\\"fail\\\""), std::string::npos) << res->body;
  EXPECT_EQ(Check("backup")["signals_total"], 0) << "nothing is recorded";
}

TEST_F(StatuscopeApiTest, UnknownApplicationAndWrongTokenLookTheSame) {
  auto unknown = client_->Post("/signal", "application=nope&token=" + token_ + "&status=ok",
                               "application/x-www-form-urlencoded");
  auto wrong = client_->Post("/signal", "application=backup&token=wrong-token&status=ok",
                             "application/x-www-form-urlencoded");
  ASSERT_TRUE(unknown && wrong);
  EXPECT_EQ(unknown->status, 404);
  EXPECT_EQ(wrong->status, 404);
  EXPECT_EQ(unknown->body, wrong->body);
}

TEST_F(StatuscopeApiTest, MalformedJsonIs400) {
  auto res = client_->Post("/signal", "{\"application\": ", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_TRUE(json::parse(res->body).contains("error"));
}

TEST_F(StatuscopeApiTest, StructuredJsonValuesAre400NamingTheField) {
  auto res = client_->Post("/signal",
                           json{{"application", "backup"}, {"token", {{"value", token_}}}}.dump(),
                           "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_NE(json::parse(res->body)["error"].get<std::string>().find("\"token\" is an object"),
            std::string::npos)
      << res->body;
}

// A value nested 400,000 deep fits the 1 MiB body limit; serializing it back
// into a parameter overflowed the worker's stack and crashed the exporter.
TEST_F(StatuscopeApiTest, DeeplyNestedJsonIsRefusedWithoutCrashing) {
  const std::size_t depth = 400000;
  const std::string body =
      "{\"application\":" + std::string(depth, '[') + std::string(depth, ']') + "}";
  auto res = client_->Post("/signal", body, "application/json");
  ASSERT_TRUE(res) << httplib::to_string(res.error());
  EXPECT_EQ(res->status, 400);
  res = client_->Post("/signal", "application=backup&token=" + token_ + "&status=ok",
                      "application/x-www-form-urlencoded");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 201);
}

TEST_F(StatuscopeApiTest, ChecksListAndNamesWithDots) {
  const std::string dotted = CreateApp({{"name", "db.backup-nightly_1"}, {"interval", 60}});
  auto res = client_->Get("/checks");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  const json list = json::parse(res->body);
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0]["application"], "backup");
  EXPECT_EQ(list[1]["application"], "db.backup-nightly_1");
  EXPECT_EQ(Check("db.backup-nightly_1")["interval"], 60);
  auto missing = client_->Get("/checks/nope");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
}

TEST_F(StatuscopeApiTest, StatesFollowTheClock) {
  client_->Post("/signal", "application=backup&token=" + token_ + "&status=ok",
                "application/x-www-form-urlencoded");
  clock_.Advance(std::chrono::minutes(30));
  EXPECT_EQ(Check("backup")["state"], "ok");
  clock_.Advance(std::chrono::minutes(31));
  EXPECT_EQ(Check("backup")["state"], "outdated");
  EXPECT_EQ(Check("backup")["last_signal_recent"], false);
}

TEST_F(StatuscopeApiTest, Healthz) {
  auto res = client_->Get("/healthz");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(json::parse(res->body), json({{"status", "ok"}}));
}

TEST_F(StatuscopeApiTest, StateAndCountersSurviveARestart) {
  client_->Post("/signal", "application=backup&token=" + token_ + "&status=ok",
                "application/x-www-form-urlencoded");
  client_->Post("/signal", "application=backup&token=" + token_ + "&status=fail",
                "application/x-www-form-urlencoded");
  client_->Post("/signal", "application=backup&token=" + token_ + "&status=ok",
                "application/x-www-form-urlencoded");
  Restart();
  const json check = Check("backup");
  EXPECT_EQ(check["state"], "ok");
  EXPECT_EQ(check["signals_total"], 3);
  EXPECT_EQ(check["failures_total"], 1);
  auto res = client_->Post("/signal", "application=backup&token=" + token_ + "&status=ok",
                           "application/x-www-form-urlencoded");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 201) << "the token still works after a restart";
}

// The list is streamed in chunks (never built whole in memory) and stays one
// valid JSON array, in name order, whatever its length.
TEST_F(StatuscopeApiTest, ChecksListIsStreamedAsOneValidArray) {
  for (int i = 0; i < 400; ++i) {
    char name[16];
    std::snprintf(name, sizeof(name), "app-%04d", i);
    CreateApp({{"name", name}, {"interval", "1h"}, {"team", "team with \"quotes\""}});
  }
  for (const auto& [path, headers] : std::vector<std::pair<std::string, httplib::Headers>>{
           {"/checks", {}}, {"/api/v1/applications", Admin()}}) {
    auto res = client_->Get(path.c_str(), headers);
    ASSERT_TRUE(res) << path;
    EXPECT_EQ(res->status, 200) << path;
    EXPECT_EQ(res->get_header_value("Transfer-Encoding"), "chunked") << path;
    const auto list = nlohmann::json::parse(res->body);
    ASSERT_EQ(list.size(), 401u) << path;  // and the fixture's "backup"
    EXPECT_EQ(list.front()["application"], "app-0000");
    EXPECT_EQ(list[399]["application"], "app-0399");
    EXPECT_EQ(list.back()["application"], "backup");
    EXPECT_EQ(list[7]["team"], "team with \"quotes\"");
  }
}

class EmptyServerTest : public ServerTest {};

TEST_F(EmptyServerTest, AnEmptyChecksListIsAnEmptyArray) {
  auto res = client_->Get("/checks");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->body, "[]");
}

class ChecksBehindAdminTokenTest : public ServerTest {
  void Customize(ExporterOptions& options) override { options.checks_auth = "admin"; }
};

TEST_F(ChecksBehindAdminTokenTest, WebChecksAuthAdminWantsTheBearerToken) {
  CreateApp({{"name", "backup"}, {"interval", "1h"}});
  for (const char* path : {"/checks", "/checks/backup"}) {
    auto anonymous = client_->Get(path);
    ASSERT_TRUE(anonymous);
    EXPECT_EQ(anonymous->status, 401) << path;
    EXPECT_NE(anonymous->body.find("admin token"), std::string::npos) << anonymous->body;
    auto wrong = client_->Get(path, {{"Authorization", "Bearer wrong"}});
    EXPECT_EQ(wrong->status, 401) << path;
    auto admin = client_->Get(path, Admin());
    ASSERT_TRUE(admin);
    EXPECT_EQ(admin->status, 200) << path;
  }
}

}  // namespace
}  // namespace heartbeat::testing
