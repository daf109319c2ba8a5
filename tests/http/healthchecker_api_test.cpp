// Healthchecker.Server's API as its Python client calls it: a form POST to
// /healthchecker/monitor, GET stop/pause/resume/info with ?appname=.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/probe_target_server.h"
#include "common/process.h"
#include "common/server_fixture.h"

namespace heartbeat::testing {
namespace {

using ::testing::HasSubstr;
using testing::ProbeTargetServer;
using testing::TargetMode;

class HealthcheckerApiTest : public ServerTest {
 protected:
  void Customize(ExporterOptions& options) override {
    options.healthchecker_registration = registration_;
    options.healthchecker_registration_allow = allow_;
  }

  // The form the client sends (healthcheck/server.py's monitor()).
  httplib::Params Form(const std::string& appname, const std::string& url,
                       const std::string& interval = "300") const {
    return {{"appname", appname},      {"url", url},           {"email", "ops@example.org"},
            {"timeout", "2"},          {"interval", interval}, {"unhealthy_threshold", "2"},
            {"healthy_threshold", "2"}};
  }

  httplib::Result Monitor(const httplib::Params& form) {
    return client_->Post("/healthchecker/monitor", form);
  }

  httplib::Result Get(const std::string& verb, const std::string& appname) {
    return client_->Get("/healthchecker/" + verb, httplib::Params{{"appname", appname}},
                        httplib::Headers{});
  }

  // A port nothing listens on: every attempt fails fast.
  std::string Refusing() const {
    return "http://127.0.0.1:" + std::to_string(ctl::testing::FreePort());
  }

  bool registration_ = true;
  std::string allow_ = "127.0.0.0/8,::1/128";
};

TEST_F(HealthcheckerApiTest, RegistersAProbeOfUrlSlashHealthWithTheEmailAsALabel) {
  auto res = Monitor(Form("Sample HealthChecker App", Refusing() + "/"));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 201);
  EXPECT_EQ(res->body, "App `Sample HealthChecker App` is scheduled for health check monitoring.");
  const nlohmann::json check = Check("Sample-HealthChecker-App");
  EXPECT_EQ(check["kind"], "probe");
  EXPECT_THAT(check["probe"]["url"].get<std::string>(), ::testing::EndsWith("/health"));
  EXPECT_EQ(check["probe"]["email"], "ops@example.org");
  EXPECT_EQ(check["probe"]["interval"], 300);
  EXPECT_EQ(check["probe"]["timeout"], 2);
  EXPECT_THAT(Metrics(),
              HasSubstr("heartbeat_application_info{application=\"Sample-HealthChecker-App\""));
  EXPECT_THAT(Metrics(), HasSubstr("kind=\"probe\",email=\"ops@example.org\"} 1"));

  res = Get("info", "Sample HealthChecker App");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  const nlohmann::json info = nlohmann::json::parse(res->body);
  EXPECT_EQ(info["emailAddr"], "ops@example.org");
  EXPECT_EQ(info["health"], "Pending");
  EXPECT_EQ(info["healthy_threshold"], 2);
}

TEST_F(HealthcheckerApiTest, RegisteringAgainIs302AndCountsAsOneFailedCheck) {
  ASSERT_EQ(Monitor(Form("again", Refusing()))->status, 201);
  auto res = Monitor(Form("again", Refusing()));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 302);
  EXPECT_EQ(res->body, "`again` is already being monitored\n");
  const nlohmann::json info = nlohmann::json::parse(Get("info", "again")->body);
  EXPECT_GE(info["unhealthy"].get<int>(), 1);
  ASSERT_EQ(Monitor(Form("again", Refusing()))->status, 302);
  // Two failures with unhealthy_threshold 2: the probe has failed.
  EXPECT_EQ(Check("again")["state"], "fail");
}

TEST_F(HealthcheckerApiTest, RefusesMissingFieldsBadValuesAndOutOfRangeNumbers) {
  httplib::Params missing = Form("x", Refusing());
  missing.erase("email");
  auto res = Monitor(missing);
  EXPECT_EQ(res->status, 400);
  EXPECT_THAT(res->body, HasSubstr("missing field `email`"));
  res = Monitor(Form("x", "not a url"));
  EXPECT_EQ(res->status, 400);
  EXPECT_THAT(res->body, HasSubstr("is not a valid url"));
  httplib::Params bad_email = Form("x", Refusing());
  bad_email.find("email")->second = "nobody";
  res = Monitor(bad_email);
  EXPECT_EQ(res->status, 400);
  EXPECT_EQ(res->body, "`nobody` is not a valid email\n");
  res = Monitor(Form("x", Refusing(), "4"));
  EXPECT_EQ(res->status, 406);
  EXPECT_THAT(res->body, HasSubstr("probe interval 4s must be from 5s to 5m"));
  res = Monitor(Form("x", Refusing(), "soon"));
  EXPECT_EQ(res->status, 400);
  EXPECT_THAT(res->body, HasSubstr("`interval` must be a whole number"));
  EXPECT_EQ(Get("info", "x")->status, 400) << "nothing was created";
}

TEST_F(HealthcheckerApiTest, StopPauseResumeAndUnknownApplications) {
  ASSERT_EQ(Monitor(Form("svc", Refusing()))->status, 201);
  auto res = Get("pause", "svc");
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, "OK");
  EXPECT_EQ(Check("svc")["state"], "paused");
  EXPECT_EQ(Get("resume", "svc")->status, 200);
  EXPECT_NE(Check("svc")["state"], "paused");
  EXPECT_EQ(Get("stop", "svc")->status, 200);
  res = Get("stopmonitoring", "svc");
  EXPECT_EQ(res->status, 400);
  EXPECT_EQ(res->body, "App `svc` is not health check monitored.\n");
  res = client_->Get("/healthchecker/info");
  EXPECT_EQ(res->status, 400);
  EXPECT_EQ(res->body, "`appname` parameter not specified.\n");
}

TEST_F(HealthcheckerApiTest, ApplicationsOfTheApiAreNotTheirs) {
  CreateApp({{"name", "billing"}, {"interval", "1h"}});
  auto res = Monitor(Form("billing", Refusing()));
  EXPECT_EQ(res->status, 409);
  EXPECT_EQ(Get("stop", "billing")->status, 400);
  EXPECT_EQ(Check("billing")["kind"], "push");
}

TEST_F(HealthcheckerApiTest, RegisteredProbesSurviveARestart) {
  ASSERT_EQ(Monitor(Form("kept", Refusing()))->status, 201);
  Restart();
  EXPECT_EQ(Get("info", "kept")->status, 200);
  EXPECT_EQ(Monitor(Form("kept", Refusing()))->status, 302);
}

// The probe's families on /metrics once its first attempt (jittered within the 5 s interval) ran.
TEST_F(HealthcheckerApiTest, ProbeMetricsAppearAfterTheFirstAttempt) {
  ProbeTargetServer target(TargetMode::kHealthy);
  ASSERT_EQ(
      Monitor(Form("measured", "http://127.0.0.1:" + std::to_string(target.port()), "5"))->status,
      201);
  std::string metrics;
  for (int i = 0; i < 300 && metrics.find("heartbeat_probe_success{application=\"measured\"}") ==
                                 std::string::npos;
       ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    metrics = Metrics();
  }
  EXPECT_THAT(metrics, HasSubstr("heartbeat_probe_success{application=\"measured\"} 1"));
  EXPECT_THAT(metrics, HasSubstr("heartbeat_probe_http_status_code{application=\"measured\"} 200"));
  EXPECT_THAT(metrics,
              HasSubstr("heartbeat_probe_consecutive_successes{application=\"measured\"} 1"));
  EXPECT_THAT(metrics, HasSubstr("heartbeat_probe_degraded{application=\"measured\"} 0"));
  EXPECT_THAT(metrics, HasSubstr("# TYPE heartbeat_probe_duration_seconds gauge"));
  EXPECT_EQ(target.last_request().rfind("GET /health HTTP/1.1\r\n", 0), 0u);
}

class HealthcheckerDisabledTest : public HealthcheckerApiTest {
 protected:
  HealthcheckerDisabledTest() { registration_ = false; }
};

TEST_F(HealthcheckerDisabledTest, RegistrationIsOffByDefault) {
  auto res = Monitor(Form("x", Refusing()));
  EXPECT_EQ(res->status, 403);
  EXPECT_THAT(res->body, HasSubstr("start the exporter with --healthchecker.registration"));
  EXPECT_EQ(Get("stop", "x")->status, 403);
}

class HealthcheckerAllowListTest : public HealthcheckerApiTest {
 protected:
  HealthcheckerAllowListTest() { allow_ = "10.0.0.0/8"; }
};

TEST_F(HealthcheckerAllowListTest, ClientsOutsideTheAllowListAreRefused) {
  auto res = Monitor(Form("x", Refusing()));
  EXPECT_EQ(res->status, 403);
  EXPECT_EQ(res->body, "127.0.0.1 is not in --healthchecker.registration-allow\n");
}

}  // namespace
}  // namespace heartbeat::testing
