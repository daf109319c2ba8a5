#include "ctl/api_client.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/ping_recorder.h"

namespace heartbeat::ctl {
namespace {

using ::testing::HasSubstr;
using testing::PingRecorder;

ApiClient ClientFor(const PingRecorder& server, const std::string& prefix = "") {
  ApiClientOptions options;
  options.server = ParseHttpUrl(server.url(prefix));
  options.admin_token = "admin-secret";
  options.timeout = std::chrono::seconds(10);
  return ApiClient(options);
}

TEST(ApiClientTest, SendsBearerTokenAndJson) {
  PingRecorder server;
  server.Script({{201, R"({"application":"backup","token":"t"})", "application/json"}});
  const auto answer =
      ClientFor(server).Post("/api/v1/applications", {{"name", "backup"}, {"interval", "1h"}});
  EXPECT_EQ(answer["token"], "t");
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].method, "POST");
  EXPECT_EQ(requests[0].path, "/api/v1/applications");
  EXPECT_EQ(requests[0].authorization, "Bearer admin-secret");
  EXPECT_THAT(requests[0].content_type, HasSubstr("application/json"));
  EXPECT_EQ(nlohmann::json::parse(requests[0].body),
            (nlohmann::json{{"name", "backup"}, {"interval", "1h"}}));
}

TEST(ApiClientTest, ServerErrorSentenceBecomesTheMessage) {
  PingRecorder server;
  server.Script(
      {{409, R"({"error":"an application named backup already exists"})", "application/json"}});
  try {
    ClientFor(server).Post("/api/v1/applications", {{"name", "backup"}});
    FAIL() << "expected ApiError";
  } catch (const ApiError& error) {
    EXPECT_EQ(error.status(), 409);
    EXPECT_STREQ(error.what(), "an application named backup already exists");
  }
}

TEST(ApiClientTest, NonJsonErrorsAndAnswersAreExplained) {
  PingRecorder server;
  server.Script({{502, "<html>Bad Gateway</html>", "text/html"}, {200, "hello", "text/plain"}});
  try {
    ClientFor(server).Get("/api/v1/applications");
    FAIL();
  } catch (const ApiError& error) {
    EXPECT_STREQ(error.what(), "the server answered HTTP 502: <html>Bad Gateway</html>");
  }
  try {
    ClientFor(server).Get("/api/v1/applications");
    FAIL();
  } catch (const ApiError& error) {
    EXPECT_THAT(error.what(), HasSubstr("did not answer with JSON"));
  }
}

TEST(ApiClientTest, EmptyBodyIsNullAndPrefixIsKept) {
  PingRecorder server;
  server.Script({{200, "", "application/json"}});
  EXPECT_TRUE(ClientFor(server, "/hb").Delete("/api/v1/applications/backup").is_null());
  ASSERT_EQ(server.requests().size(), 1u);
  EXPECT_EQ(server.requests()[0].method, "DELETE");
  EXPECT_EQ(server.requests()[0].path, "/hb/api/v1/applications/backup");
}

TEST(ApiClientTest, FormPostIsUrlEncoded) {
  PingRecorder server;
  server.Script({{201, R"({"state":"ok"})", "application/json"}});
  ClientFor(server).PostForm("/signal",
                             {{"application", "db.backup"}, {"token", "a&b=c"}, {"status", "ok"}});
  const auto request = server.requests().at(0);
  EXPECT_EQ(request.body, "application=db.backup&token=a%26b%3Dc&status=ok");
  EXPECT_THAT(request.content_type, HasSubstr("application/x-www-form-urlencoded"));
}

TEST(ApiClientTest, UnreachableServerIsAnApiError) {
  int port = 0;
  {
    PingRecorder gone;
    port = gone.port();
  }
  ApiClientOptions options;
  options.server = ParseHttpUrl("http://127.0.0.1:" + std::to_string(port));
  try {
    ApiClient(options).Get("/api/v1/applications");
    FAIL();
  } catch (const ApiError& error) {
    EXPECT_EQ(error.status(), 0);
    EXPECT_THAT(error.what(), HasSubstr("could not connect to http://127.0.0.1:"));
  }
}

TEST(ErrorSentenceTest, FallsBackToStatus) {
  EXPECT_EQ(ErrorSentence(500, ""), "the server answered HTTP 500");
  EXPECT_EQ(ErrorSentence(400, R"({"error":""})"), R"(the server answered HTTP 400: {"error":""})");
  EXPECT_EQ(ErrorSentence(403, R"({"error":"configure a token"})"), "configure a token");
}

}  // namespace
}  // namespace heartbeat::ctl
