// healthchecks.io slug URLs against a real exporter: /ping/<ping_key>/<slug>
// with every action and rid, answered exactly as the UUID form, ?create=1
// auto-provisioning on and off, other teams out of reach, revoked keys.
#include <atomic>

#include "common/push_fixture.h"

namespace heartbeat::testing {
namespace {

using nlohmann::json;

constexpr const char* kRid = "6ba7b810-9dad-11d1-80b4-00c04fd430c8";

class SlugPingTest : public PushTest {
 protected:
  void SetUp() override {
    PushTest::SetUp();
    token_ = CreateApp({{"name", "db-backup"}, {"team", "ops"}, {"interval", "1d"}});
    const json key = CreateKey(
        {{"team", "ops"}, {"auto_provision", true}, {"interval", "1h"}, {"grace", "10m"}});
    key_ = key.value("key", "");
    key_id_ = key.value("id", 0LL);
    plain_key_ = CreateKey({{"team", "ops"}}).value("key", "");
  }

  std::string Url(const std::string& rest) { return "/ping/" + key_ + "/" + rest; }

  void ExpectAnswer(const httplib::Result& res, int status, const std::string& body) {
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, status);
    EXPECT_EQ(res->body, body);
    EXPECT_EQ(res->get_header_value("Content-Type"), "text/plain; charset=utf-8");
    EXPECT_EQ(res->get_header_value("Ping-Body-Limit"), "102400");
  }

  std::string token_;
  std::string key_;
  long long key_id_ = 0;
  std::string plain_key_;
};

TEST_F(SlugPingTest, EveryActionAnswersAsTheUuidForm) {
  ExpectAnswer(client_->Get(Url("db-backup/start?rid=" + std::string(kRid)).c_str()), 200, "OK");
  clock_.Advance(std::chrono::seconds(30));
  ExpectAnswer(client_->Post(Url("db-backup/0?rid=" + std::string(kRid)).c_str(), "dumped 3 GB",
                             "text/plain"),
               200, "OK");
  ExpectAnswer(client_->Get(Url("db-backup/log").c_str()), 200, "OK");
  ExpectAnswer(client_->Get(Url("db-backup/fail").c_str()), 200, "OK");
  ExpectAnswer(client_->Head(Url("db-backup").c_str()), 200, "");
  ExpectAnswer(client_->Get(Url("db-backup/7").c_str()), 200, "OK");
  const json history = History("db-backup");
  ASSERT_EQ(history.size(), 6u);
  EXPECT_EQ(history[5]["kind"], "start");
  EXPECT_EQ(history[4]["kind"], "ok");
  EXPECT_EQ(history[4]["rid"], kRid);
  EXPECT_EQ(history[4]["duration_seconds"], 30.0);
  EXPECT_EQ(Body("db-backup", history[4]["id"]), "dumped 3 GB");
  EXPECT_EQ(history[3]["kind"], "log");
  EXPECT_EQ(history[2]["kind"], "fail");
  EXPECT_EQ(history[1]["kind"], "ok");
  EXPECT_EQ(history[0]["kind"], "fail");
  EXPECT_EQ(history[0]["exit_status"], 7);
  EXPECT_EQ(Sample("heartbeat_state", "db-backup", "ops"), "4");
  EXPECT_EQ(Sample("heartbeat_signals_total", "db-backup", "ops"), "4");
}

TEST_F(SlugPingTest, ErrorsAnswerAsTheUuidFormAndProvisionNothing) {
  ExpectAnswer(client_->Get(Url("db-backup/256").c_str()), 400, "invalid url format");
  ExpectAnswer(client_->Get(Url("db-backup?rid=nope").c_str()), 400, "invalid uuid format");
  ExpectAnswer(client_->Get(Url("db-backup/restart").c_str()), 404, "not found");
  ExpectAnswer(client_->Get(Url("new-job/256?create=1").c_str()), 400, "invalid url format");
  ExpectAnswer(client_->Get(Url("new-job?create=1&rid=nope").c_str()), 400, "invalid uuid format");
  EXPECT_FALSE(Exists("new-job")) << "a malformed ping creates nothing";
  auto deeper = client_->Get(Url("db-backup/start/again").c_str());
  ASSERT_TRUE(deeper);
  EXPECT_EQ(deeper->status, 404);
  EXPECT_EQ(deeper->body, "not found");
  EXPECT_TRUE(History("db-backup").empty());
}

TEST_F(SlugPingTest, CreateOneProvisionsAnUnknownSlugWithTheKeysSettings) {
  ExpectAnswer(client_->Get(Url("srv01/start?create=1").c_str()), 201, "Created");
  const json check = Check("srv01");
  EXPECT_EQ(check["team"], "ops");
  EXPECT_EQ(check["interval"], 3600);
  EXPECT_EQ(check["grace"], 600);
  EXPECT_EQ(check["declared"], false);
  ExpectAnswer(client_->Get(Url("srv01?create=1").c_str()), 200, "OK");
  ExpectAnswer(client_->Get(Url("srv01/fail").c_str()), 200, "OK");
  const json history = History("srv01");
  ASSERT_EQ(history.size(), 3u);
  EXPECT_EQ(history[2]["kind"], "start");
  EXPECT_EQ(history[1]["kind"], "ok");
  EXPECT_EQ(history[0]["kind"], "fail");
  EXPECT_EQ(Sample("heartbeat_state", "srv01", "ops"), "4");
  EXPECT_EQ(Sample("heartbeat_interval_seconds", "srv01", "ops"), "3600");

  // Ordinary afterwards: the management API changes it like any other.
  auto patched = client_->Patch("/api/v1/applications/srv01", Admin(), R"({"interval":"2h"})",
                                "application/json");
  ASSERT_TRUE(patched);
  EXPECT_EQ(patched->status, 200);
}

TEST_F(SlugPingTest, WithoutCreateOrWithoutAutoProvisioningNothingIsCreated) {
  ExpectAnswer(client_->Get(Url("srv02").c_str()), 404, "not found");
  ExpectAnswer(client_->Get(Url("srv02?create=0").c_str()), 404, "not found");
  ExpectAnswer(client_->Get(("/ping/" + plain_key_ + "/srv02?create=1").c_str()), 404, "not found");
  ExpectAnswer(client_->Get(("/ping/" + plain_key_ + "/db-backup").c_str()), 200, "OK");
  EXPECT_FALSE(Exists("srv02"));
}

TEST_F(SlugPingTest, AKeyNeverReachesAnotherTeam) {
  CreateApp({{"name", "web-deploy"}, {"team", "web"}});
  ExpectAnswer(client_->Get(Url("web-deploy").c_str()), 404, "not found");
  ExpectAnswer(client_->Get(Url("web-deploy?create=1").c_str()), 404, "not found");
  EXPECT_TRUE(History("web-deploy").empty());
  EXPECT_EQ(Check("web-deploy")["team"], "web");
}

TEST_F(SlugPingTest, ARevokedKeyIsNotFoundAndTheTokenStillWorks) {
  RevokeKey(key_id_);
  ExpectAnswer(client_->Get(Url("db-backup").c_str()), 404, "not found");
  ExpectAnswer(client_->Get(Url("srv03?create=1").c_str()), 404, "not found");
  ExpectAnswer(client_->Get(("/ping/" + token_ + "/start").c_str()), 200, "OK");
  EXPECT_EQ(History("db-backup").size(), 1u);
  EXPECT_FALSE(Exists("srv03"));
}

TEST_F(SlugPingTest, ConcurrentCreatesMakeOneApplication) {
  std::vector<std::thread> threads;
  std::atomic<int> created{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      httplib::Client client("127.0.0.1", port_);
      auto res = client.Get(Url("burst?create=1").c_str());
      ASSERT_TRUE(res);
      EXPECT_TRUE(res->status == 200 || res->status == 201) << res->status;
      if (res->status == 201) ++created;
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(created.load(), 1);
  EXPECT_EQ(Check("burst")["signals_total"], 8) << "every ping counted once";
}

}  // namespace
}  // namespace heartbeat::testing
