// The management API's probe object (docs/reference.md §3.5, §2.12).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/server_fixture.h"

namespace heartbeat::testing {
namespace {

using ::testing::HasSubstr;

class ProbeApiTest : public ServerTest {
 protected:
  httplib::Result Post(const nlohmann::json& body) {
    return client_->Post("/api/v1/applications", Admin(), body.dump(), "application/json");
  }
  httplib::Result Patch(const std::string& name, const nlohmann::json& body) {
    return client_->Patch(("/api/v1/applications/" + name).c_str(), Admin(), body.dump(),
                          "application/json");
  }
};

TEST_F(ProbeApiTest, CreatesShowsPatchesAndRemovesAProbe) {
  auto res = Post({{"name", "api"},
                   {"probe",
                    {{"url", "https://api.internal/health"},
                     {"interval", "15s"},
                     {"timeout", 3},
                     {"headers", {{"X-Probe", "1"}}},
                     {"email", "web@example.org"}}}});
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 201) << res->body;
  nlohmann::json check = Check("api");
  EXPECT_EQ(check["kind"], "probe");
  EXPECT_EQ(check["probe"]["interval"], 15);
  EXPECT_EQ(check["probe"]["timeout"], 3);
  EXPECT_EQ(check["probe"]["healthy_threshold"], 10);
  EXPECT_EQ(check["probe"]["unhealthy_threshold"], 2);
  EXPECT_EQ(check["probe"]["method"], "GET");
  EXPECT_EQ(check["probe"]["headers"], (nlohmann::json{{"X-Probe", "1"}}));
  EXPECT_EQ(check["probe"]["expected_status"], 200);
  EXPECT_EQ(check["probe"]["insecure_skip_verify"], false);

  res = Patch("api", {{"probe", {{"unhealthy_threshold", 3}}}});
  ASSERT_EQ(res->status, 200) << res->body;
  check = Check("api");
  EXPECT_EQ(check["probe"]["unhealthy_threshold"], 3);
  EXPECT_EQ(check["probe"]["interval"], 15) << "a PATCH keeps the fields it does not name";

  ASSERT_EQ(Patch("api", {{"probe", nullptr}})->status, 200);
  EXPECT_EQ(Check("api")["kind"], "push");
}

TEST_F(ProbeApiTest, RefusesAProbeOutsideItsRangesWithTheSentence) {
  const std::pair<nlohmann::json, std::string> cases[] = {
      {{{"url", "http://x/"}, {"interval", "4s"}}, "probe interval 4s must be from 5s to 5m"},
      {{{"url", "http://x/"}, {"healthy_threshold", 11}},
       "probe healthy_threshold 11 must be a whole number from 2 to 10"},
      {{{"url", "ftp://x/"}}, "must start with http://, https:// or tcp://"},
      {{{"interval", "30s"}}, "probe.url is required"},
      {{{"url", "http://x/"}, {"headers", {{"X-A", "a\r\nHost: b"}}}}, "probe header X-A value"},
      {{{"url", "http://x/"}, {"retries", 3}}, "probe.retries"},
      {{{"url", "http://x/"}, {"healthy_threshold", "2"}}, "must be a whole number"},
  };
  for (const auto& [probe, sentence] : cases) {
    auto res = Post({{"name", "bad"}, {"probe", probe}});
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400) << probe.dump();
    EXPECT_THAT(res->body, HasSubstr(sentence)) << probe.dump();
  }
  EXPECT_EQ(client_->Get("/checks/bad")->status, 404);
}

}  // namespace
}  // namespace heartbeat::testing
