// The "done when" of issue 15 against the real heartbeat_exporter binary: an
// Uptime Kuma push URL, a `cronitor exec`-style sequence and a healthchecks.io
// slug URL with ?create=1, each as that product documents it with only the host
// changed, drive applications through start, success and failure, seen in
// /metrics; the ping key comes from `heartbeatctl key add` and dies with `key revoke`.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <csignal>
#include <map>
#include <regex>
#include <string>
#include <vector>

#include "common/process.h"

namespace heartbeat::ctl {
namespace {

using testing::FreePort;
using ::testing::HasSubstr;
using testing::Process;
using testing::ProcessResult;
using testing::RunProcess;
using testing::TempDir;
using testing::WaitFor;

// 32 letters and digits: the push token Uptime Kuma generates.
constexpr const char* kKumaToken = "uK8mXq3LpZ7vT2nR9wY4sB6dF1gH5jA0";

class PushClientsFlowTest : public ::testing::Test {
 protected:
  void SetUp() override {
    port_ = FreePort();
    url_ = "http://127.0.0.1:" + std::to_string(port_);
    server_ = std::make_unique<Process>(std::vector<std::string>{
        HEARTBEAT_EXPORTER_PATH, "--web.listen-address=127.0.0.1:" + std::to_string(port_),
        "--storage.path=" + (dir_.path() / "hb.db").string()});
    ASSERT_TRUE(WaitFor([&] {
      auto answer = Get("/-/healthy");
      return answer && answer->status == 200;
    })) << "the exporter did not come up: "
        << server_->err();
  }

  void TearDown() override {
    server_->Signal(SIGTERM);
    const ProcessResult stopped = server_->Wait(std::chrono::seconds(60));
    EXPECT_EQ(stopped.exit_code, 0) << stopped.err;
  }

  ProcessResult Ctl(std::vector<std::string> args) const {
    std::vector<std::string> argv = {HEARTBEATCTL_PATH};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.insert(argv.end(), {"--url", url_, "--data-dir", dir_.path().string()});
    return RunProcess(argv, {{"HEARTBEAT_ADMIN_TOKEN", "\x01unset"}});
  }

  // The request target exactly as written, as curl sends a URL pasted from the docs.
  httplib::Result Get(const std::string& target) const {
    httplib::Client client("127.0.0.1", port_);
    client.set_url_encode(false);
    client.set_connection_timeout(5, 0);
    client.set_read_timeout(30, 0);
    return client.Get(target.c_str());
  }

  void ExpectGet(const std::string& target, int status, const std::string& body) const {
    const auto answer = Get(target);
    ASSERT_TRUE(answer) << target;
    EXPECT_EQ(answer->status, status) << target;
    EXPECT_EQ(answer->body, body) << target;
  }

  std::string Sample(const std::string& family, const std::string& name,
                     const std::string& team) const {
    const auto metrics = Get("/metrics");
    if (!metrics) return "";
    const std::regex line("\n" + family + "\\{application=\"" + name + "\",team=\"" + team +
                          "\"\\} (\\S+)\n");
    std::smatch match;
    return std::regex_search(metrics->body, match, line) ? match[1].str() : "";
  }

  std::string AddKey() const {
    const auto added = Ctl({"key", "add", "--team", "ops", "--auto-provision", "--interval", "1d"});
    EXPECT_EQ(added.exit_code, 0) << added.err;
    std::smatch match;
    const std::regex first_line("^Added ping key 1 for team \"ops\"\\. Key: (\\S+)\n");
    EXPECT_TRUE(std::regex_search(added.out, match, first_line)) << added.out;
    EXPECT_THAT(added.out, HasSubstr("Auto-provisioning:        interval 1d (86400s), grace 1h"));
    return match.empty() ? "" : match[1].str();
  }

  TempDir dir_;
  int port_ = 0;
  std::string url_;
  std::unique_ptr<Process> server_;
};

TEST_F(PushClientsFlowTest, UptimeKumaPushUrl) {
  const auto added = Ctl({"app", "add", "nas", "--team", "home", "--token", kKumaToken});
  ASSERT_EQ(added.exit_code, 0) << added.err;
  const std::string push = std::string("/api/push/") + kKumaToken;
  ExpectGet(push + "?status=up&msg=OK&ping=", 200, R"({"ok":true})");
  EXPECT_EQ(Sample("heartbeat_state", "nas", "home"), "1");
  ExpectGet(push + "?status=down&msg=Disk+almost+full&ping=1234", 200, R"({"ok":true})");
  EXPECT_EQ(Sample("heartbeat_state", "nas", "home"), "4");
  EXPECT_EQ(Sample("heartbeat_signal_failures_total", "nas", "home"), "1");
  EXPECT_EQ(Sample("heartbeat_last_duration_seconds", "nas", "home"), "1.234");
  ExpectGet("/api/push/not-a-token?status=up&msg=OK&ping=", 404,
            R"({"ok":false,"msg":"Monitor not found or not active."})");
}

TEST_F(PushClientsFlowTest, CronitorExecSequence) {
  const std::string key = AddKey();
  ASSERT_FALSE(key.empty());
  // What `cronitor exec nightly-job ...` sends: run, then complete with the exit status.
  const std::string job = "/ping/" + key + "/nightly-job?";
  ExpectGet(job +
                "state=run&try=1&stamp=1780315200.123&msg=backup.sh&host=db1"
                "&series=1780315200.123",
            200, "");
  EXPECT_EQ(Sample("heartbeat_state", "nightly-job", "ops"), "0") << "created, started";
  EXPECT_NE(Sample("heartbeat_last_start_timestamp_seconds", "nightly-job", "ops"), "0");
  ExpectGet(job +
                "state=complete&try=1&stamp=1780315260.456&msg=done&host=db1"
                "&duration=60.333&series=1780315200.123&status_code=0&metric=length%3A4",
            200, "");
  EXPECT_EQ(Sample("heartbeat_state", "nightly-job", "ops"), "1");
  ExpectGet(job + "state=run&try=1&stamp=1780401600.000&msg=backup.sh&series=1780401600.000", 200,
            "");
  ExpectGet(job +
                "state=fail&try=1&stamp=1780401601.000&msg=No+space+left+on+device"
                "&duration=1.000&series=1780401600.000&status_code=28",
            200, "");
  EXPECT_EQ(Sample("heartbeat_state", "nightly-job", "ops"), "4");
  EXPECT_EQ(Sample("heartbeat_signals_total", "nightly-job", "ops"), "2");
  EXPECT_EQ(Sample("heartbeat_signal_failures_total", "nightly-job", "ops"), "1");
  // The Telemetry API's own URL shape reaches the same application.
  ExpectGet("/p/" + key + "/nightly-job?state=complete", 200, "");
  EXPECT_EQ(Sample("heartbeat_state", "nightly-job", "ops"), "1");
}

TEST_F(PushClientsFlowTest, HealthchecksSlugUrlWithCreateAndARevokedKey) {
  const std::string key = AddKey();
  ASSERT_FALSE(key.empty());
  // healthchecks.io's auto-provisioning example: curl .../<ping-key>/srv01?create=1
  ExpectGet("/ping/" + key + "/srv01/start?create=1", 201, "Created");
  EXPECT_EQ(Sample("heartbeat_state", "srv01", "ops"), "0");
  ExpectGet("/ping/" + key + "/srv01?create=1", 200, "OK");
  EXPECT_EQ(Sample("heartbeat_state", "srv01", "ops"), "1");
  ExpectGet("/ping/" + key + "/srv01/fail", 200, "OK");
  EXPECT_EQ(Sample("heartbeat_state", "srv01", "ops"), "4");
  EXPECT_EQ(Sample("heartbeat_interval_seconds", "srv01", "ops"), "86400");

  const auto list = Ctl({"key", "list", "--team", "ops"});
  EXPECT_EQ(list.exit_code, 0) << list.err;
  EXPECT_THAT(list.out, HasSubstr("ID"));
  EXPECT_THAT(list.out, HasSubstr("interval 1d (86400s), grace 1h (3600s)"));
  EXPECT_EQ(list.out.find(key), std::string::npos) << "the key is never shown again";
  const auto wrong_team = Ctl({"key", "revoke", "1", "--team", "web"});
  EXPECT_EQ(wrong_team.exit_code, 1);
  EXPECT_EQ(wrong_team.err, "heartbeatctl: ping key 1 belongs to team \"ops\", not \"web\"\n");
  const auto revoked = Ctl({"key", "revoke", "1", "--team", "ops"});
  EXPECT_EQ(revoked.exit_code, 0) << revoked.err;
  EXPECT_EQ(revoked.out, "Revoked ping key 1 (team \"ops\").\n");
  ExpectGet("/ping/" + key + "/srv01", 404, "not found");
  ExpectGet("/ping/" + key + "/srv02?create=1", 404, "not found");
}

TEST_F(PushClientsFlowTest, KeyCommandsRefuseMistakesBeforeSending) {
  EXPECT_EQ(Ctl({"key", "add"}).exit_code, 2) << "--team is required";
  const auto settings = Ctl({"key", "add", "--team", "ops", "--interval", "1h"});
  EXPECT_EQ(settings.exit_code, 2);
  EXPECT_THAT(settings.err, HasSubstr("add --auto-provision"));
  EXPECT_EQ(Ctl({"key", "add", "--team", "ops", "--auto-provision", "--grace", "soon"}).exit_code,
            2);
  EXPECT_EQ(Ctl({"key", "revoke", "1"}).exit_code, 2) << "--team is required";
  EXPECT_EQ(Ctl({"key", "revoke", "x", "--team", "ops"}).exit_code, 2);
  const auto missing = Ctl({"key", "revoke", "9", "--team", "ops"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_EQ(missing.err, "heartbeatctl: no ping key 9\n");
}

}  // namespace
}  // namespace heartbeat::ctl
