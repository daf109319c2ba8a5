// Uptime Kuma push monitors against a real exporter: the push URL as Uptime
// Kuma shows it, any method, its JSON answers byte for byte, the history row,
// the state and the metrics that follow.
#include "common/push_fixture.h"

namespace heartbeat::testing {
namespace {

using nlohmann::json;

// A push token as Uptime Kuma generates it: 32 letters and digits.
constexpr const char* kToken = "uK8mXq3LpZ7vT2nR9wY4sB6dF1gH5jA0";

class UptimeKumaTest : public PushTest {
 protected:
  void SetUp() override {
    PushTest::SetUp();
    EXPECT_EQ(CreateApp({{"name", "nas"}, {"team", "home"}, {"interval", "1m"}, {"token", kToken}}),
              kToken);
  }

  std::string Url(const std::string& query) { return std::string("/api/push/") + kToken + query; }
};

TEST_F(UptimeKumaTest, ThePushUrlAsUptimeKumaShowsIt) {
  auto res = client_->Get(Url("?status=up&msg=OK&ping=").c_str());
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, R"({"ok":true})");
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/json; charset=utf-8");
  const json row = History("nas")[0];
  EXPECT_EQ(row["kind"], "ok");
  EXPECT_EQ(row["exit_status"], nullptr);
  EXPECT_EQ(row["duration_seconds"], nullptr) << "an empty ping is no value";
  EXPECT_EQ(row["classified_by"], "request");
  EXPECT_EQ(Body("nas", row["id"]), "OK");
  EXPECT_EQ(Check("nas")["state"], "ok");
  EXPECT_EQ(Sample("heartbeat_state", "nas", "home"), "1");
  EXPECT_EQ(Sample("heartbeat_signals_total", "nas", "home"), "1");
}

TEST_F(UptimeKumaTest, AnyStatusButUpIsAFailureWithItsMessageAndPing) {
  clock_.Advance(std::chrono::seconds(30));
  // Uptime Kuma's clients often write a space as '+', which Node decodes as a space.
  auto res = RawGet(Url("?status=down&msg=disk+full%21&ping=1500"));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, R"({"ok":true})");
  const json row = History("nas")[0];
  EXPECT_EQ(row["kind"], "fail");
  EXPECT_EQ(row["duration_seconds"], 1.5) << "ping is milliseconds, kept as the run's duration";
  EXPECT_EQ(Body("nas", row["id"]), "disk full!");
  EXPECT_EQ(Check("nas")["state"], "fail");
  EXPECT_EQ(Sample("heartbeat_state", "nas", "home"), "4");
  EXPECT_EQ(Sample("heartbeat_up", "nas", "home"), "0");
  EXPECT_EQ(Sample("heartbeat_last_duration_seconds", "nas", "home"), "1.5");
  EXPECT_EQ(Sample("heartbeat_signal_failures_total", "nas", "home"), "1");

  for (const char* status : {"UP", "pending", "maintenance"}) {
    client_->Get(Url(std::string("?status=") + status).c_str());
    EXPECT_EQ(History("nas")[0]["kind"], "fail") << "only exactly \"up\" is a success: " << status;
  }
}

TEST_F(UptimeKumaTest, EveryMethodAndTheDefaults) {
  auto head = client_->Head(Url("").c_str());
  auto post = client_->Post(Url("").c_str(), "ignored body", "text/plain");
  auto put = client_->Put(Url("?status=up").c_str(), "", "text/plain");
  auto patch = client_->Patch(Url("").c_str(), "", "text/plain");
  auto remove = client_->Delete(Url("").c_str());
  auto options = client_->Options(Url("").c_str());
  for (auto* res : {&head, &post, &put, &patch, &remove, &options}) {
    ASSERT_TRUE(*res);
    EXPECT_EQ((*res)->status, 200);
  }
  EXPECT_EQ(post->body, R"({"ok":true})");
  EXPECT_TRUE(head->body.empty());
  const json history = History("nas");
  ASSERT_EQ(history.size(), 6u);
  for (const json& row : history) {
    EXPECT_EQ(row["kind"], "ok") << "status defaults to up";
    EXPECT_EQ(Body("nas", row["id"]), "OK") << "msg defaults to OK; the request body is not read";
  }
  EXPECT_EQ(Check("nas")["signals_total"], 6);
}

TEST_F(UptimeKumaTest, ErrorsAnswerWithUptimeKumasOwnSentences) {
  auto unknown = client_->Get("/api/push/no-such-token?status=up&msg=OK&ping=");
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 404);
  EXPECT_EQ(unknown->body, R"({"ok":false,"msg":"Monitor not found or not active."})");
  EXPECT_EQ(unknown->get_header_value("Content-Type"), "application/json; charset=utf-8");
  const std::string invalid_ping =
      R"({"ok":false,"msg":"Invalid ping value. Must be between 0 and 100000000000 ms."})";
  for (const char* ping : {"-1", "100000000001", "1e12", "Infinity", "-0.5"}) {
    auto res = client_->Get(Url(std::string("?status=up&ping=") + ping).c_str());
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 404) << ping;
    EXPECT_EQ(res->body, invalid_ping) << ping;
  }
  auto both = client_->Get("/api/push/no-such-token?ping=-5");
  ASSERT_TRUE(both);
  EXPECT_EQ(both->body, invalid_ping) << "the ping is checked first, as Uptime Kuma does";
  EXPECT_EQ(Check("nas")["signals_total"], 0) << "no error recorded anything";
}

TEST_F(UptimeKumaTest, PingIsReadAsJavaScriptsParseFloatReadsIt) {
  const std::pair<const char*, double> cases[] = {
      {"12.5ms", 0.0125}, {"abc", -1},      {"0", -1},      {"100000000000", 1e8},
      {"+250", 0.25},     {"%20250", 0.25}, {".5", 0.0005}, {"2e3", 2.0}};  // -1: no duration
  for (const auto& [ping, seconds] : cases) {
    auto res = RawGet(Url(std::string("?ping=") + ping));
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200) << ping;
    const json duration = History("nas")[0]["duration_seconds"];
    if (seconds < 0) {
      EXPECT_TRUE(duration.is_null()) << ping;
    } else {
      ASSERT_TRUE(duration.is_number()) << ping;
      EXPECT_NEAR(duration.get<double>(), seconds, seconds * 1e-9) << ping;
    }
  }
}

}  // namespace
}  // namespace heartbeat::testing
