// The management API: authentication, create/list/show/patch/delete, pause/resume, token rotation.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common/server_fixture.h"

namespace heartbeat::testing {
namespace {

using nlohmann::json;

class ManagementApiTest : public ServerTest {};

TEST_F(ManagementApiTest, RefusesWithoutTheAdminToken) {
  auto none = client_->Get("/api/v1/applications");
  ASSERT_TRUE(none);
  EXPECT_EQ(none->status, 401);
  EXPECT_EQ(none->get_header_value("WWW-Authenticate"), "Bearer");
  auto wrong = client_->Get("/api/v1/applications", {{"Authorization", "Bearer nope"}});
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 401);
  EXPECT_TRUE(json::parse(wrong->body).contains("error"));
}

TEST_F(ManagementApiTest, CreateAnswersTokenAndPingUrlOnce) {
  auto res = client_->Post(
      "/api/v1/applications", Admin(),
      json{{"name", "backup"}, {"interval", "1h30m"}, {"grace", 300}, {"team", "ops"}}.dump(),
      "application/json");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 201) << res->body;
  const json created = json::parse(res->body);
  const std::string token = created["token"];
  EXPECT_GE(token.size(), 32u) << "at least 128 bits, base64url";
  EXPECT_EQ(created["ping_url"], "http://127.0.0.1:" + std::to_string(port_) + "/ping/" + token);
  EXPECT_EQ(created["interval"], 5400);
  EXPECT_EQ(created["grace"], 300);
  EXPECT_EQ(created["state"], "new");
  auto shown = client_->Get("/api/v1/applications/backup", Admin());
  ASSERT_TRUE(shown);
  EXPECT_EQ(shown->status, 200);
  EXPECT_FALSE(json::parse(shown->body).contains("token"));
  EXPECT_EQ(shown->body.find(token), std::string::npos);
}

TEST_F(ManagementApiTest, GeneratedTokensDiffer) {
  EXPECT_NE(CreateApp({{"name", "a"}}), CreateApp({{"name", "b"}}));
}

TEST_F(ManagementApiTest, DuplicateNameIs409) {
  CreateApp({{"name", "backup"}});
  auto res = client_->Post("/api/v1/applications", Admin(), json{{"name", "backup"}}.dump(),
                           "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 409);
}

TEST_F(ManagementApiTest, InvalidBodiesAre400WithTheField) {
  const std::pair<json, std::string> cases[] = {
      {{{"name", "-bad"}}, "not valid"},
      {{{"name", std::string(129, 'a')}}, "not valid"},
      {{{"name", "a"}, {"interval", "soon"}}, "interval"},
      {{{"name", "a"}, {"interval", -5}}, "interval"},
      {{{"name", "a"}, {"grace", true}}, "grace"},
      {{{"name", "a"}, {"intreval", "1h"}}, "intreval"},
      {{{"name", "a"}, {"schedule", "61 * * * *"}}, "minute"},
      {{{"name", "a"}, {"schedule", "@daily"}, {"timezone", "Mars/Base"}}, "Mars/Base"},
      {{{"name", "a"}, {"token", "short"}}, "token"},
  };
  for (const auto& [body, expected] : cases) {
    auto res = client_->Post("/api/v1/applications", Admin(), body.dump(), "application/json");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400) << body.dump();
    EXPECT_NE(res->body.find(expected), std::string::npos) << body.dump() << " -> " << res->body;
  }
  auto res = client_->Post("/api/v1/applications", Admin(), "{not json", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  auto listed = client_->Get("/api/v1/applications", Admin());
  EXPECT_EQ(json::parse(listed->body).size(), 0u) << "nothing was created";
}

// The management API never copies or serializes a request body: one nested
// 400,000 deep (within the 1 MiB limit) is refused like any wrong field.
TEST_F(ManagementApiTest, DeeplyNestedBodyIsRefusedWithoutCrashing) {
  const std::string nested = std::string(400000, '[') + std::string(400000, ']');
  for (const std::string& body : {"{\"team\":" + nested + "}", "{\"extra\":" + nested + "}"}) {
    auto res = client_->Post("/api/v1/applications", Admin(), body, "application/json");
    ASSERT_TRUE(res) << httplib::to_string(res.error());
    EXPECT_EQ(res->status, 400);
  }
  auto res = client_->Get("/api/v1/applications", Admin());
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
}

TEST_F(ManagementApiTest, ImportedTokenKeepsDeployedClientsWorking) {
  const std::string legacy = "statuscope-legacy-token-42";
  EXPECT_EQ(CreateApp({{"name", "legacy"}, {"token", legacy}}), legacy);
  auto res = client_->Post("/signal", "application=legacy&token=" + legacy + "&status=ok",
                           "application/x-www-form-urlencoded");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 201);
}

TEST_F(ManagementApiTest, PatchChangesTheSpecButNotTheName) {
  CreateApp({{"name", "backup"}, {"interval", "1h"}});
  auto res = client_->Patch("/api/v1/applications/backup", Admin(),
                            json{{"interval", "2h"}, {"team", "data"}}.dump(), "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(json::parse(res->body)["interval"], 7200);
  EXPECT_EQ(json::parse(res->body)["team"], "data");
  res = client_->Patch("/api/v1/applications/backup", Admin(),
                       json{{"schedule", "30 2 * * *"}, {"timezone", "Europe/Zurich"}}.dump(),
                       "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200) << "a schedule replaces the interval: " << res->body;
  EXPECT_EQ(json::parse(res->body)["interval"], 0);
  res = client_->Patch("/api/v1/applications/backup", Admin(), json{{"interval", "1h"}}.dump(),
                       "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200) << "an interval replaces the schedule and its zone: " << res->body;
  EXPECT_EQ(json::parse(res->body)["schedule"], nullptr);
  res = client_->Patch("/api/v1/applications/backup", Admin(), json{{"name", "other"}}.dump(),
                       "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  res = client_->Patch("/api/v1/applications/nope", Admin(), "{}", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);
}

TEST_F(ManagementApiTest, PauseAndResume) {
  const std::string token = CreateApp({{"name", "backup"}, {"interval", "1h"}});
  auto res = client_->Post("/api/v1/applications/backup/pause", Admin(), "", "");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(json::parse(res->body)["state"], "paused");
  clock_.Advance(std::chrono::hours(5));
  EXPECT_EQ(Check("backup")["state"], "paused");
  res = client_->Post("/api/v1/applications/backup/resume", Admin(), "", "");
  ASSERT_TRUE(res);
  EXPECT_EQ(json::parse(res->body)["state"], "outdated");
}

TEST_F(ManagementApiTest, ASignalResumesUnlessManualResume) {
  const std::string auto_token = CreateApp({{"name", "auto"}, {"interval", "1h"}});
  const std::string manual_token =
      CreateApp({{"name", "manual"}, {"interval", "1h"}, {"manual_resume", true}});
  client_->Post("/api/v1/applications/auto/pause", Admin(), "", "");
  client_->Post("/api/v1/applications/manual/pause", Admin(), "", "");
  client_->Get(("/ping/" + auto_token).c_str());
  client_->Get(("/ping/" + manual_token).c_str());
  EXPECT_EQ(Check("auto")["state"], "ok");
  EXPECT_EQ(Check("manual")["state"], "paused");
  EXPECT_EQ(Check("manual")["signals_total"], 1) << "recorded while paused";
}

TEST_F(ManagementApiTest, TokenRotationInvalidatesTheOldToken) {
  const std::string old_token = CreateApp({{"name", "backup"}});
  auto res = client_->Post("/api/v1/applications/backup/token", Admin(), "", "");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);
  const std::string new_token = json::parse(res->body)["token"];
  EXPECT_NE(new_token, old_token);
  EXPECT_EQ(client_->Get(("/ping/" + old_token).c_str())->status, 404);
  EXPECT_EQ(client_->Get(("/ping/" + new_token).c_str())->status, 200);
}

TEST_F(ManagementApiTest, DeleteRemovesItEverywhere) {
  const std::string token = CreateApp({{"name", "backup"}, {"team", "ops"}});
  EXPECT_NE(Metrics().find("application=\"backup\""), std::string::npos);
  auto res = client_->Delete("/api/v1/applications/backup", Admin());
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(Metrics().find("application=\"backup\""), std::string::npos)
      << "a removed application vanishes";
  EXPECT_EQ(client_->Get("/checks/backup")->status, 404);
  EXPECT_EQ(client_->Get(("/ping/" + token).c_str())->status, 404);
  EXPECT_EQ(client_->Delete("/api/v1/applications/backup", Admin())->status, 404);
}

TEST_F(ManagementApiTest, OversizedBodyIs413BeforeItIsRead) {
  // Only the headers are sent: the answer must come from Content-Length alone,
  // without the server reading (or buffering) 2 MiB first.
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port_));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
  const std::string request =
      "POST /api/v1/applications HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Authorization: Bearer " +
      exporter_->admin_token() + "\r\nContent-Length: 2097152\r\n\r\n";
  ASSERT_EQ(send(fd, request.data(), request.size(), 0), static_cast<ssize_t>(request.size()));
  std::string answer;
  char buffer[4096];
  for (ssize_t n;
       answer.find("}") == std::string::npos && (n = recv(fd, buffer, sizeof(buffer), 0)) > 0;) {
    answer.append(buffer, static_cast<std::size_t>(n));
  }
  close(fd);
  EXPECT_EQ(answer.rfind("HTTP/1.1 413", 0), 0u) << answer;
  EXPECT_NE(answer.find("larger than 1048576 bytes"), std::string::npos) << answer;
}

}  // namespace
}  // namespace heartbeat::testing
