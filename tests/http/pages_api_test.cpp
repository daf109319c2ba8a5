// The pages, badges, status pages and the flips API against a real exporter (issue 17).
#include <fstream>

#include "common/server_fixture.h"

namespace heartbeat {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

class PagesTest : public testing::ServerTest {
 protected:
  void Customize(ExporterOptions& options) override {
    const std::string config = dir_.File("heartbeat.yaml");
    std::ofstream(config) << "applications:\n"
                             "  - name: declared\n    interval: 1h\n    team: web\n"
                             "status_pages:\n"
                             "  - slug: public\n    title: \"Our <b>services</b>\"\n"
                             "    applications: [declared]\n    teams: [ops]\n";
    options.config_file = config;
  }

  nlohmann::json Json(const httplib::Result& res, int status) {
    EXPECT_TRUE(res);
    if (!res) return nullptr;
    EXPECT_EQ(res->status, status) << res->body;
    return nlohmann::json::parse(res->body, nullptr, false);
  }

  // A badge key of `team`.
  std::string BadgeKey(const std::string& team) {
    const auto answer =
        Json(client_->Post("/api/v1/badge-keys", Admin(), nlohmann::json{{"team", team}}.dump(),
                           "application/json"),
             201);
    return answer.value("key", "");
  }
};

TEST_F(PagesTest, FlipsApiListsStateChangesAndUptime) {
  const std::string token = CreateApp({{"name", "backup"}, {"interval", "1h"}, {"team", "ops"}});
  client_->Get(("/ping/" + token).c_str());
  clock_.Advance(hours(2));
  client_->Get(("/ping/" + token + "/fail").c_str());
  const auto answer = Json(client_->Get("/api/v1/applications/backup/flips", Admin()), 200);
  ASSERT_EQ(answer["flips"].size(), 3u) << answer.dump();
  EXPECT_EQ(answer["flips"][0]["to"], "fail");  // newest first
  EXPECT_EQ(answer["flips"][0]["reason"], "fail signal");
  EXPECT_EQ(answer["flips"][1]["to"], "outdated");
  EXPECT_EQ(answer["flips"][1]["time"], "2026-06-01T13:00:00.000Z");
  EXPECT_EQ(answer["flips"][2]["from"], "new");
  // Up 1 h of the 2 h counted (before the first signal the application was new).
  EXPECT_DOUBLE_EQ(answer["uptime"]["1d"].get<double>(), 0.5);
  EXPECT_EQ(Json(client_->Get("/api/v1/applications/backup/flips?limit=0", Admin()), 400)
                .value("error", "")
                .find("limit"),
            0u);
  Json(client_->Get("/api/v1/applications/nope/flips", Admin()), 404);
  EXPECT_EQ(client_->Get("/api/v1/applications/backup/flips")->status, 401);
}

TEST_F(PagesTest, OverviewEscapesEverythingAndSendsAStrictPolicy) {
  CreateApp({{"name", "backup"}, {"interval", "1h"}, {"team", "<img src=x onerror=alert(1)>"}});
  const auto res = client_->Get("/");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Type"), "text/html; charset=utf-8");
  const std::string policy = res->get_header_value("Content-Security-Policy");
  EXPECT_NE(policy.find("default-src 'none'"), std::string::npos);
  EXPECT_NE(policy.find("script-src 'self'"), std::string::npos);
  EXPECT_EQ(policy.find("unsafe-inline"), std::string::npos);
  EXPECT_EQ(res->body.find("<img"), std::string::npos);
  EXPECT_NE(res->body.find("&lt;img src=x onerror=alert(1)&gt;"), std::string::npos);
  EXPECT_NE(res->body.find("href=\"/metrics\""), std::string::npos);
  EXPECT_NE(res->body.find("href=\"/applications/backup\""), std::string::npos);
  EXPECT_EQ(res->body.find("<script>"), std::string::npos) << "no inline script";
  EXPECT_EQ(res->body.find("style=\""), std::string::npos) << "no inline style";
  EXPECT_NE(res->body.find("<script src=\"/static/heartbeat.js\" defer></script>"),
            std::string::npos);
}

TEST_F(PagesTest, ApplicationPageShowsBodiesOnlyToTheAdmin) {
  const std::string token = CreateApp({{"name", "backup"}, {"interval", "1h"}});
  client_->Post(("/ping/" + token).c_str(), "password=<hunter2>", "text/plain");
  const auto anonymous = client_->Get("/applications/backup");
  ASSERT_TRUE(anonymous);
  EXPECT_EQ(anonymous->status, 200);
  EXPECT_EQ(anonymous->body.find("hunter2"), std::string::npos);
  EXPECT_NE(anonymous->body.find("id=\"timeline\""), std::string::npos);
  EXPECT_NE(anonymous->body.find("ok signal"), std::string::npos);
  const auto admin = client_->Get("/applications/backup", Admin());
  ASSERT_TRUE(admin);
  EXPECT_NE(admin->body.find("password=&lt;hunter2&gt;"), std::string::npos);
  const auto missing = client_->Get("/applications/nope");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  EXPECT_NE(missing->body.find("No application named"), std::string::npos);
}

TEST_F(PagesTest, AssetsAreServedByTheExporter) {
  const auto css = client_->Get("/static/heartbeat.css");
  ASSERT_TRUE(css);
  EXPECT_EQ(css->status, 200);
  EXPECT_EQ(css->get_header_value("Content-Type"), "text/css; charset=utf-8");
  const auto js = client_->Get("/static/heartbeat.js");
  ASSERT_TRUE(js);
  EXPECT_EQ(js->get_header_value("Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_NE(js->body.find("applyFilter"), std::string::npos);
}

TEST_F(PagesTest, BadgesFollowTheStateOfAnApplicationAndOfItsTeam) {
  const std::string token =
      CreateApp({{"name", "backup"}, {"interval", "1h"}, {"grace", "30m"}, {"team", "ops"}});
  CreateApp({{"name", "other"}, {"interval", "1h"}, {"team", "sales"}});
  client_->Get(("/ping/" + token).c_str());
  const std::string key = BadgeKey("ops");
  ASSERT_FALSE(key.empty());
  auto svg = client_->Get(("/badge/" + key + "/backup.svg").c_str());
  ASSERT_TRUE(svg);
  EXPECT_EQ(svg->status, 200);
  EXPECT_EQ(svg->get_header_value("Content-Type"), "image/svg+xml; charset=utf-8");
  EXPECT_NE(svg->body.find("fill=\"#4c1\""), std::string::npos);
  EXPECT_NE(svg->get_header_value("Cache-Control").find("no-cache"), std::string::npos);
  clock_.Advance(minutes(70));
  auto json = Json(client_->Get(("/badge/" + key + "/backup.json").c_str()), 200);
  EXPECT_EQ(json["status"], "late");
  auto shields = Json(client_->Get(("/badge/" + key + "/ops.shields").c_str()), 200);
  EXPECT_EQ(shields["schemaVersion"], 1);
  EXPECT_EQ(shields["label"], "ops");
  EXPECT_EQ(shields["message"], "late");
  EXPECT_EQ(shields["color"], "orange");
  clock_.Advance(hours(1));
  svg = client_->Get(("/badge/" + key + "/ops.svg").c_str());
  EXPECT_NE(svg->body.find("fill=\"#e05d44\""), std::string::npos);
  // Another team's application, an unknown key: the same 404, nothing revealed.
  EXPECT_EQ(client_->Get(("/badge/" + key + "/other.svg").c_str())->status, 404);
  EXPECT_EQ(client_->Get("/badge/not-a-key/backup.svg")->status, 404);
}

TEST_F(PagesTest, BadgeKeysAreListedWithoutTheKeyAndRevoked) {
  const std::string key = BadgeKey("ops");
  const auto list = Json(client_->Get("/api/v1/badge-keys", Admin()), 200);
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["team"], "ops");
  EXPECT_FALSE(list[0].contains("key"));
  EXPECT_EQ(list[0].dump().find(key), std::string::npos);
  const std::string id = std::to_string(list[0]["id"].get<long long>());
  Json(client_->Delete(("/api/v1/badge-keys/" + id).c_str(), Admin()), 200);
  EXPECT_EQ(client_->Get(("/badge/" + key + "/ops.svg").c_str())->status, 404);
  Json(client_->Delete(("/api/v1/badge-keys/" + id).c_str(), Admin()), 404);
  Json(client_->Post("/api/v1/badge-keys", Admin(), R"({"team":""})", "application/json"), 400);
  Json(client_->Post("/api/v1/badge-keys", Admin(), "[]", "application/json"), 400);
}

TEST_F(PagesTest, StatusPageShowsNamesStatesAndUptimeOnly) {
  const std::string token = CreateApp({{"name", "db-backup"}, {"interval", "1h"}, {"team", "ops"}});
  CreateApp({{"name", "secret-job"}, {"interval", "1h"}, {"team", "finance"}});
  client_->Post(("/ping/" + token).c_str(), "body-secret", "text/plain");
  const auto res = client_->Get("/status/public");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_NE(res->body.find("Our &lt;b&gt;services&lt;/b&gt;"), std::string::npos);
  EXPECT_NE(res->body.find("db-backup"), std::string::npos);
  EXPECT_NE(res->body.find("declared"), std::string::npos);
  EXPECT_EQ(res->body.find("secret-job"), std::string::npos);
  EXPECT_EQ(res->body.find("body-secret"), std::string::npos);
  EXPECT_EQ(res->body.find(token), std::string::npos);
  EXPECT_EQ(res->body.find("ops"), std::string::npos) << "not even the team";
  EXPECT_FALSE(res->get_header_value("Content-Security-Policy").empty());
  EXPECT_EQ(client_->Get("/status/unknown")->status, 404);
  const auto pages = Json(client_->Get("/api/v1/status-pages", Admin()), 200);
  ASSERT_EQ(pages.size(), 1u);
  EXPECT_EQ(pages[0]["slug"], "public");
}

TEST_F(PagesTest, StatusPagesCreatedThroughTheApiAreStoredAndServed) {
  CreateApp({{"name", "db-backup"}, {"interval", "1h"}, {"team", "ops"}});
  const nlohmann::json body = {
      {"slug", "db"}, {"title", "Databases"}, {"applications", {"db-backup"}}};
  const auto created =
      Json(client_->Post("/api/v1/status-pages", Admin(), body.dump(), "application/json"), 201);
  EXPECT_EQ(created["declared"], false);
  Json(client_->Post("/api/v1/status-pages", Admin(), body.dump(), "application/json"), 409);
  const nlohmann::json clash = {{"slug", "public"}, {"title", "x"}, {"teams", {"ops"}}};
  EXPECT_NE(
      Json(client_->Post("/api/v1/status-pages", Admin(), clash.dump(), "application/json"), 409)
          .value("error", "")
          .find("declared in the config file"),
      std::string::npos);
  const nlohmann::json bad = {{"slug", "Bad"}, {"title", "x"}, {"teams", {"ops"}}};
  Json(client_->Post("/api/v1/status-pages", Admin(), bad.dump(), "application/json"), 400);
  const nlohmann::json unknown = {{"slug", "a"}, {"title", "x"}, {"colour", "red"}};
  Json(client_->Post("/api/v1/status-pages", Admin(), unknown.dump(), "application/json"), 400);

  Restart();  // stored: it survives a restart
  const auto page = client_->Get("/status/db");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("db-backup"), std::string::npos);
  const auto pages = Json(client_->Get("/api/v1/status-pages", Admin()), 200);
  ASSERT_EQ(pages.size(), 2u);
  EXPECT_EQ(pages[1]["slug"], "db");
  Json(client_->Delete("/api/v1/status-pages/public", Admin()), 409);
  Json(client_->Delete("/api/v1/status-pages/db", Admin()), 200);
  EXPECT_EQ(client_->Get("/status/db")->status, 404);
  Json(client_->Delete("/api/v1/status-pages/db", Admin()), 404);
}

}  // namespace
}  // namespace heartbeat
