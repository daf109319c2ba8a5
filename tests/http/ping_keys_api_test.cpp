// The management API's ping keys: created and shown once, listed without the
// key, revoked; every refusal with its sentence.
#include "common/push_fixture.h"

namespace heartbeat::testing {
namespace {

using nlohmann::json;

class PingKeysApiTest : public PushTest {
 protected:
  httplib::Result Post(const std::string& body) {
    return client_->Post("/api/v1/ping-keys", Admin(), body, "application/json");
  }

  void ExpectRefused(const std::string& body, int status, const std::string& sentence) {
    auto res = Post(body);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, status) << body;
    EXPECT_EQ(res->body, json({{"error", sentence}}).dump()) << body;
  }
};

TEST_F(PingKeysApiTest, CreatedKeysAreShownOnceAndListedWithoutTheKey) {
  const json created = CreateKey({{"team", "ops"}});
  const std::string key = created["key"];
  EXPECT_EQ(key.size(), 32u) << "192 random bits, base64url";
  EXPECT_EQ(created["team"], "ops");
  EXPECT_EQ(created["auto_provision"], false);
  EXPECT_EQ(created["created_at"], "2026-06-01T12:00:00.000Z");
  const std::string base = "http://127.0.0.1:" + std::to_string(port_);
  EXPECT_EQ(created["slug_url"], base + "/ping/" + key + "/<name>");
  EXPECT_EQ(created["cronitor_url"], base + "/p/" + key + "/<name>");
  CreateKey({{"team", "web"},
             {"auto_provision", true},
             {"schedule", "0 3 * * *"},
             {"timezone", "Europe/Zurich"}});

  auto list = client_->Get("/api/v1/ping-keys", Admin());
  ASSERT_TRUE(list);
  EXPECT_EQ(list->status, 200);
  const json keys = json::parse(list->body);
  ASSERT_EQ(keys.size(), 2u);
  EXPECT_EQ(list->body.find(key), std::string::npos) << "the key is never shown again";
  EXPECT_EQ(keys[1]["team"], "web");
  EXPECT_EQ(keys[1]["schedule"], "0 3 * * *");
  EXPECT_EQ(keys[1]["timezone"], "Europe/Zurich");
  EXPECT_EQ(keys[1]["interval"], 0);
  EXPECT_EQ(keys[1]["grace"], 3600) << "healthchecks.io's default grace";
  auto web = client_->Get("/api/v1/ping-keys?team=web", Admin());
  ASSERT_TRUE(web);
  EXPECT_EQ(json::parse(web->body).size(), 1u);

  CreateApp({{"name", "backup"}, {"team", "ops"}});
  Restart();
  auto again = client_->Get("/api/v1/ping-keys", Admin());
  ASSERT_TRUE(again);
  EXPECT_EQ(json::parse(again->body), keys) << "kept across a restart";
  EXPECT_EQ(client_->Get(("/ping/" + key + "/backup").c_str())->status, 200)
      << "and the key still opens its team's applications";
}

TEST_F(PingKeysApiTest, ImportedKeysFollowTheTokenRules) {
  const json imported = CreateKey({{"team", "ops"}, {"key", "fqOOd6-F4MMNuCEnzTU01w"}});
  EXPECT_EQ(imported["key"], "fqOOd6-F4MMNuCEnzTU01w") << "a healthchecks.io project's ping key";
  ExpectRefused(R"({"team":"ops","key":"short"})", 400,
                "an imported ping key must have 8 to 256 characters");
  ExpectRefused(R"({"team":"ops","key":"has/slash1"})", 400,
                "an imported ping key may use printable ASCII characters except / ? # % and "
                "spaces");
  ExpectRefused(R"({"team":"web","key":"fqOOd6-F4MMNuCEnzTU01w"})", 409,
                "that key is already used by another ping key or an application's token; choose "
                "another or omit it to have one generated");
  const std::string token = CreateApp({{"name", "a"}});
  ExpectRefused(json({{"team", "ops"}, {"key", token}}).dump(), 409,
                "that key is already used by another ping key or an application's token; choose "
                "another or omit it to have one generated");
  auto clash =
      client_->Post("/api/v1/applications", Admin(),
                    R"({"name":"b","token":"fqOOd6-F4MMNuCEnzTU01w"})", "application/json");
  ASSERT_TRUE(clash);
  EXPECT_EQ(clash->status, 409) << "a token may not be a ping key either";
}

TEST_F(PingKeysApiTest, BadBodiesAreRefusedWithASentence) {
  ExpectRefused("{", 400, "the request body is not valid JSON");
  ExpectRefused("[]", 400, "the request body must be a JSON object");
  ExpectRefused("{}", 400,
                "team is missing: a ping key belongs to one team (\"\" for applications without "
                "one)");
  ExpectRefused(R"({"team":"ops","slug":"x"})", 400,
                "unknown field \"slug\"; use team, key, auto_provision, interval, schedule, "
                "timezone, grace");
  ExpectRefused(R"({"team":"ops","interval":"1h"})", 400,
                "interval, schedule, timezone and grace are the settings of auto-provisioned "
                "applications: set auto_provision to true, or leave them out");
  ExpectRefused(R"({"team":"ops","auto_provision":"yes"})", 400,
                "auto_provision must be true or false");
  ExpectRefused(R"({"team":"ops","auto_provision":true,"interval":"1h","schedule":"@daily"})", 400,
                "interval and schedule cannot both be set (use an interval for \"every N\", a "
                "schedule for cron times)");
  ExpectRefused(R"({"team":"ops","auto_provision":true,"grace":"soon"})", 400,
                "grace: \"soon\" is not a duration (expected a number at \"soon\"; use 90s, 15m, "
                "1h30m, 1d, 1w or plain seconds)");
  auto anonymous = client_->Post("/api/v1/ping-keys", R"({"team":"ops"})", "application/json");
  ASSERT_TRUE(anonymous);
  EXPECT_EQ(anonymous->status, 401);
  EXPECT_EQ(client_->Get("/api/v1/ping-keys")->status, 401);
}

TEST_F(PingKeysApiTest, RevokeChecksTheTeamAndAnswers404ForUnknownIds) {
  const long long id = CreateKey({{"team", "ops"}})["id"];
  const std::string path = "/api/v1/ping-keys/" + std::to_string(id);
  auto wrong = client_->Delete((path + "?team=web").c_str(), Admin());
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 409);
  EXPECT_EQ(
      wrong->body,
      json({{"error", "ping key " + std::to_string(id) + " belongs to team \"ops\", not \"web\""}})
          .dump());
  auto revoked = client_->Delete((path + "?team=ops").c_str(), Admin());
  ASSERT_TRUE(revoked);
  EXPECT_EQ(revoked->status, 200);
  EXPECT_EQ(json::parse(revoked->body), json({{"id", id}, {"team", "ops"}, {"revoked", true}}));
  auto again = client_->Delete(path.c_str(), Admin());
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 404);
  EXPECT_EQ(again->body, json({{"error", "no ping key " + std::to_string(id)}}).dump());
  EXPECT_EQ(client_->Delete("/api/v1/ping-keys/99999999999999999999", Admin())->status, 404);
  EXPECT_EQ(client_->Delete("/api/v1/ping-keys/abc", Admin())->status, 404);
}

}  // namespace
}  // namespace heartbeat::testing
