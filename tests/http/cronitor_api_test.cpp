// Cronitor telemetry against a real exporter: /p/<key>/<monitor> and the
// Cronitor CLI's /ping/<key>/<monitor>?state=..., run/complete pairing by
// series, status codes, reported durations, auto-provisioning, revoked keys.
#include "common/push_fixture.h"

namespace heartbeat::testing {
namespace {

using nlohmann::json;

class CronitorTest : public PushTest {
 protected:
  void SetUp() override {
    PushTest::SetUp();
    CreateApp({{"name", "nightly-job"}, {"team", "ops"}, {"interval", "1d"}, {"grace", "1h"}});
    const json key = CreateKey({{"team", "ops"}});
    key_ = key.value("key", "");
    key_id_ = key.value("id", 0LL);
  }

  // The CLI's URL, as `cronitor exec` builds it (try, stamp, msg, host, series, ...).
  std::string CliUrl(const std::string& monitor, const std::string& query) {
    return "/ping/" + key_ + "/" + monitor + "?" + query;
  }

  std::string key_;
  long long key_id_ = 0;
};

TEST_F(CronitorTest, ExecStyleRunThenCompletePairsBySeries) {
  auto run = client_->Get(
      CliUrl("nightly-job",
             "state=run&try=1&stamp=1780315200.000&msg=%2Fusr%2Flocal%2Fbin%2Fbackup.sh"
             "&host=db1&series=1780315200.000")
          .c_str());
  ASSERT_TRUE(run);
  EXPECT_EQ(run->status, 200);
  EXPECT_EQ(run->body, "");
  EXPECT_EQ(Check("nightly-job")["state"], "new") << "a run is not a completion";
  clock_.Advance(std::chrono::seconds(42));
  auto complete =
      RawGet(CliUrl("nightly-job",
                    "state=complete&try=1&stamp=1780315242.000&msg=copied+3+files&host=db1"
                    "&duration=41.900&series=1780315200.000&status_code=0&metric=length%3A14"));
  ASSERT_TRUE(complete);
  EXPECT_EQ(complete->status, 200);
  const json history = History("nightly-job");
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[1]["kind"], "start");
  EXPECT_EQ(history[1]["rid"], "1780315200.000");
  EXPECT_EQ(Body("nightly-job", history[1]["id"]), "/usr/local/bin/backup.sh");
  EXPECT_EQ(history[0]["kind"], "ok");
  EXPECT_EQ(history[0]["exit_status"], 0);
  EXPECT_EQ(history[0]["rid"], "1780315200.000");
  EXPECT_EQ(history[0]["duration_seconds"], 42.0) << "the paired run wins over `duration`";
  EXPECT_EQ(Body("nightly-job", history[0]["id"]), "copied 3 files");
  EXPECT_EQ(Check("nightly-job")["state"], "ok");
  EXPECT_EQ(Sample("heartbeat_last_duration_seconds", "nightly-job", "ops"), "42");
  EXPECT_EQ(Sample("heartbeat_state", "nightly-job", "ops"), "1");
}

TEST_F(CronitorTest, StatesMapToSignals) {
  const auto kind_after = [&](const std::string& query) {
    auto res = RawGet("/p/" + key_ + "/nightly-job?" + query);
    EXPECT_TRUE(res && res->status == 200) << query;
    return History("nightly-job")[0];
  };
  json row = kind_after("state=complete&status_code=3&message=rsync+failed");
  EXPECT_EQ(row["kind"], "fail");
  EXPECT_EQ(row["exit_status"], 3);
  EXPECT_EQ(Body("nightly-job", row["id"]), "rsync failed");
  EXPECT_EQ(Check("nightly-job")["state"], "fail");
  row = kind_after("state=ok");
  EXPECT_EQ(row["kind"], "ok");
  EXPECT_EQ(Check("nightly-job")["state"], "ok") << "ok resets to healthy";
  EXPECT_EQ(Check("nightly-job")["failures_total"], 1) << "and counts no failure";
  row = kind_after("state=fail");
  EXPECT_EQ(row["kind"], "fail");
  EXPECT_EQ(row["exit_status"], nullptr);
  row = kind_after("");
  EXPECT_EQ(row["kind"], "ok") << "no state: a plain heartbeat";
  row = kind_after("state=complete&status_code=-1073741819");
  EXPECT_EQ(row["kind"], "fail");
  EXPECT_EQ(row["exit_status"], -1073741819) << "a Windows exit code";
  row = kind_after("state=run&series=abc");
  EXPECT_EQ(row["kind"], "start");
  EXPECT_EQ(Sample("heartbeat_signals_total", "nightly-job", "ops"), "5");
  EXPECT_EQ(Sample("heartbeat_signal_failures_total", "nightly-job", "ops"), "3");
}

TEST_F(CronitorTest, AReportedDurationCountsWhenThereWasNoRun) {
  ASSERT_EQ(
      client_->Get(("/p/" + key_ + "/nightly-job?state=complete&duration=12.5").c_str())->status,
      200);
  EXPECT_EQ(History("nightly-job")[0]["duration_seconds"], 12.5);
  EXPECT_EQ(Check("nightly-job")["last_duration_seconds"], 12.5);
}

TEST_F(CronitorTest, HeadAndPostWithAFormOrARawBody) {
  auto head = client_->Head(("/p/" + key_ + "/nightly-job?state=run").c_str());
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  auto form = client_->Post(("/p/" + key_ + "/nightly-job").c_str(),
                            "state=complete&status_code=2&message=from+a+form",
                            "application/x-www-form-urlencoded");
  ASSERT_TRUE(form);
  EXPECT_EQ(form->status, 200);
  json row = History("nightly-job")[0];
  EXPECT_EQ(row["kind"], "fail");
  EXPECT_EQ(Body("nightly-job", row["id"]), "from a form");
  auto raw = client_->Post(("/p/" + key_ + "/nightly-job?state=complete").c_str(), "the job's log",
                           "text/plain");
  ASSERT_TRUE(raw);
  EXPECT_EQ(raw->status, 200);
  row = History("nightly-job")[0];
  EXPECT_EQ(row["kind"], "ok");
  EXPECT_EQ(Body("nightly-job", row["id"]), "the job's log");
}

TEST_F(CronitorTest, BadParametersAreRefusedWithASentenceAndRecordNothing) {
  const std::pair<const char*, const char*> cases[] = {
      {"state=started", "state must be run, complete, fail or ok, not \"started\""},
      {"state=complete&status_code=zero", "status_code must be a whole number, not \"zero\""},
      {"state=complete&status_code=99999999999",
       "status_code must be a whole number, not \"99999999999\""},
      {"state=complete&duration=-1",
       "duration must be a number of seconds from 0 to 1000000000, not \"-1\""},
      {"state=complete&duration=nan",
       "duration must be a number of seconds from 0 to 1000000000, not \"nan\""},
  };
  for (const auto& [query, sentence] : cases) {
    auto res = client_->Get(("/p/" + key_ + "/nightly-job?" + query).c_str());
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400) << query;
    EXPECT_EQ(res->body, sentence);
    auto cli = client_->Get(CliUrl("nightly-job", query).c_str());
    EXPECT_EQ(cli->status, 400) << query;
  }
  auto series = client_->Get(
      ("/p/" + key_ + "/nightly-job?state=run&series=" + std::string(257, 's')).c_str());
  EXPECT_EQ(series->status, 400);
  EXPECT_EQ(series->body, "series must have at most 256 characters");
  EXPECT_TRUE(History("nightly-job").empty());
}

TEST_F(CronitorTest, UnknownKeysMonitorsAndOtherTeamsAreNotFound) {
  CreateApp({{"name", "web-job"}, {"team", "web"}});
  for (const std::string& path :
       {std::string("/p/no-such-key/nightly-job"), "/p/" + key_ + "/no-such-job",
        "/p/" + key_ + "/web-job", CliUrl("web-job", "state=run")}) {
    auto res = client_->Get(path.c_str());
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 404) << path;
    EXPECT_EQ(res->body, "not found");
  }
  EXPECT_FALSE(Exists("no-such-job")) << "this key does not auto-provision";
  EXPECT_TRUE(History("web-job").empty()) << "another team's application is out of reach";
}

TEST_F(CronitorTest, AnAutoProvisioningKeyCreatesTheMonitorOnItsFirstEvent) {
  const json key = CreateKey({{"team", "ops"}, {"auto_provision", true}, {"interval", "6h"}});
  auto res = client_->Get(
      ("/ping/" + key["key"].get<std::string>() + "/photo-sync?state=run&series=s1").c_str());
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200) << "Cronitor answers 200, created or not";
  const json check = Check("photo-sync");
  EXPECT_EQ(check["team"], "ops");
  EXPECT_EQ(check["interval"], 21600);
  EXPECT_EQ(check["grace"], 3600) << "healthchecks.io's default grace";
  EXPECT_EQ(History("photo-sync")[0]["kind"], "start");
  EXPECT_EQ(Sample("heartbeat_state", "photo-sync", "ops"), "0");
}

TEST_F(CronitorTest, ARevokedKeyStopsAtOnce) {
  ASSERT_EQ(client_->Get(("/p/" + key_ + "/nightly-job").c_str())->status, 200);
  RevokeKey(key_id_);
  auto res = client_->Get(("/p/" + key_ + "/nightly-job").c_str());
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);
  EXPECT_EQ(History("nightly-job").size(), 1u);
}

}  // namespace
}  // namespace heartbeat::testing
