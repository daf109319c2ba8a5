// The operator's flow of docs/reference.md §7 against the real heartbeat_exporter binary:
// add prints a token, the job signals, list/show/pause/resume/history, token
// rotation invalidates the old token, remove.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "common/process.h"

namespace heartbeat::ctl {
namespace {

using testing::FreePort;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using testing::Process;
using testing::ProcessResult;
using testing::RunProcess;
using ::testing::StartsWith;
using testing::TempDir;
using testing::WaitFor;

class ServerFlowTest : public ::testing::Test {
 protected:
  void SetUp() override {
    port_ = FreePort();
    url_ = "http://127.0.0.1:" + std::to_string(port_);
    server_ = std::make_unique<Process>(std::vector<std::string>{
        HEARTBEAT_EXPORTER_PATH, "--web.listen-address=127.0.0.1:" + std::to_string(port_),
        "--storage.path=" + (dir_.path() / "hb.db").string()});
    httplib::Client probe("127.0.0.1", port_);
    probe.set_connection_timeout(1, 0);
    ASSERT_TRUE(WaitFor([&] {
      auto answer = probe.Get("/-/healthy");
      return answer && answer->status == 200;
    })) << "the exporter did not come up: "
        << server_->err();
    ASSERT_TRUE(std::filesystem::exists(dir_.path() / "admin-token"));
  }

  void TearDown() override {
    server_->Signal(SIGTERM);
    const ProcessResult stopped = server_->Wait(std::chrono::seconds(60));
    EXPECT_EQ(stopped.exit_code, 0) << stopped.err;
  }

  // heartbeatctl with --url and --data-dir pointing at this server; the
  // admin token comes from the file the server wrote, as on the server host.
  ProcessResult Ctl(std::vector<std::string> args,
                    std::map<std::string, std::string> env = {}) const {
    std::vector<std::string> argv = {HEARTBEATCTL_PATH};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.insert(argv.end(), {"--url", url_, "--data-dir", dir_.path().string()});
    for (const char* name : {"HEARTBEAT_ADMIN_TOKEN", "HEARTBEAT_TOKEN", "HEARTBEAT_URL"}) {
      env.emplace(name, "\x01unset");
    }
    return RunProcess(argv, env);
  }

  static std::string TokenFrom(const ProcessResult& added) {
    std::smatch match;
    const std::regex first_line("^(?:Added|Rotated)\\. Token: (\\S+)\n");
    if (!std::regex_search(added.out, match, first_line)) return "";
    return match[1];
  }

  TempDir dir_;
  int port_ = 0;
  std::string url_;
  std::unique_ptr<Process> server_;
};

TEST_F(ServerFlowTest, DoneWhenFlow) {
  const auto added = Ctl({"app", "add", "backup", "--interval", "1h", "--team", "ops"});
  ASSERT_EQ(added.exit_code, 0) << added.err;
  const std::string token = TokenFrom(added);
  ASSERT_GE(token.size(), 22u) << added.out;  // >= 128 bits of randomness
  EXPECT_THAT(added.out, HasSubstr("Ping URL:   " + url_ + "/ping/" + token + "\n"));
  EXPECT_THAT(added.out, HasSubstr("Signal URL: " + url_ + "/signal\n"));

  const auto duplicate = Ctl({"app", "add", "backup"});
  EXPECT_EQ(duplicate.exit_code, 1);
  EXPECT_THAT(duplicate.err, HasSubstr("already exists"));

  const auto signalled = Ctl({"signal", "backup", "ok", "--token", token});
  EXPECT_EQ(signalled.exit_code, 0) << signalled.err;
  EXPECT_EQ(signalled.out, "Signalled ok. State: ok\n");

  const auto list = Ctl({"app", "list"});
  EXPECT_EQ(list.exit_code, 0) << list.err;
  EXPECT_THAT(list.out, StartsWith("NAME"));
  EXPECT_THAT(list.out, MatchesRegex("(.|\n)*\nbackup +ops +ok +[0-9-]+ [0-9:]+Z (.|\n)*"));

  const auto shown = Ctl({"app", "show", "backup"});
  EXPECT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_THAT(shown.out, HasSubstr("application:           backup\n"));
  EXPECT_THAT(shown.out, HasSubstr("interval:              1h (3600s)\n"));
  EXPECT_THAT(shown.out, HasSubstr("signals_total:         1\n"));

  EXPECT_EQ(Ctl({"app", "pause", "backup"}).out, "Paused. State: paused\n");
  EXPECT_THAT(Ctl({"app", "list"}).out, HasSubstr(" paused "));
  EXPECT_EQ(Ctl({"app", "resume", "backup"}).out, "Resumed. State: ok\n");

  // A wrapped job that fails: start and completion paired in the history.
  const auto job = RunProcess({HEARTBEATCTL_PATH, "exec", "--ping-url", url_ + "/ping/" + token,
                               "--", "sh", "-c", "echo copying; exit 3"});
  EXPECT_EQ(job.exit_code, 3) << job.err;
  EXPECT_EQ(job.out, "copying\n");
  EXPECT_EQ(job.err, "");
  const auto history = Ctl({"app", "history", "backup", "--limit", "2"});
  EXPECT_EQ(history.exit_code, 0) << history.err;
  std::smatch rows;
  const std::regex pair(
      "\\n\\d+ +\\S+ +fail +3 +([0-9a-f-]{36}) +\\d+\\.\\d{3}s +8 B[^\\n]*\\n"
      "\\d+ +\\S+ +start +- +([0-9a-f-]{36}) ");
  ASSERT_TRUE(std::regex_search(history.out, rows, pair)) << history.out;
  EXPECT_EQ(rows[1], rows[2]);
  EXPECT_THAT(Ctl({"app", "show", "backup"}).out, HasSubstr("state:                 fail\n"));

  const auto rotated = Ctl({"app", "token", "backup"});
  EXPECT_EQ(rotated.exit_code, 0) << rotated.err;
  const std::string new_token = TokenFrom(rotated);
  ASSERT_FALSE(new_token.empty()) << rotated.out;
  EXPECT_NE(new_token, token);
  const auto old_token = Ctl({"signal", "backup", "ok", "--token", token});
  EXPECT_EQ(old_token.exit_code, 1);
  EXPECT_THAT(old_token.err, HasSubstr("unknown application or wrong token"));
  EXPECT_EQ(Ctl({"signal", "backup", "ok"}, {{"HEARTBEAT_TOKEN", new_token}}).exit_code, 0);

  const auto removed = Ctl({"app", "remove", "backup"});
  EXPECT_EQ(removed.exit_code, 0) << removed.err;
  EXPECT_EQ(removed.out, "Removed.\n");
  const auto gone = Ctl({"app", "show", "backup"});
  EXPECT_EQ(gone.exit_code, 1);
  EXPECT_THAT(gone.err, HasSubstr("no application named \"backup\""));
}

TEST_F(ServerFlowTest, ScheduleAppWithImportedToken) {
  const auto added = Ctl({"app", "add", "nightly", "--schedule", "30 2 * * *", "--timezone",
                          "Europe/Zurich", "--grace", "1h", "--token", "statuscope-token-1"});
  ASSERT_EQ(added.exit_code, 0) << added.err;
  EXPECT_EQ(TokenFrom(added), "statuscope-token-1");
  const auto shown = Ctl({"app", "show", "nightly"});
  EXPECT_THAT(shown.out, HasSubstr("schedule:              30 2 * * *\n"));
  EXPECT_THAT(shown.out, HasSubstr("timezone:              Europe/Zurich\n"));
  EXPECT_THAT(shown.out, HasSubstr("grace:                 1h (3600s)\n"));
  EXPECT_THAT(shown.out, HasSubstr("state:                 new\n"));
  EXPECT_EQ(Ctl({"signal", "nightly", "FAIL", "--token", "statuscope-token-1"}).out,
            "Signalled fail. State: fail\n");
}

TEST_F(ServerFlowTest, ServerErrorsExit1AndUsageErrorsExit2) {
  const auto wrong_admin = Ctl({"app", "list"}, {{"HEARTBEAT_ADMIN_TOKEN", "not-the-token"}});
  EXPECT_EQ(wrong_admin.exit_code, 1);
  EXPECT_EQ(wrong_admin.err, "heartbeatctl: the admin token is wrong\n");

  const auto bad_schedule = Ctl({"app", "add", "x", "--schedule", "61 * * * *"});
  EXPECT_EQ(bad_schedule.exit_code, 1);
  EXPECT_THAT(bad_schedule.err, HasSubstr("61"));

  EXPECT_EQ(Ctl({"app", "add", "x", "--interval", "1h", "--schedule", "@daily"}).exit_code, 2);
  EXPECT_EQ(Ctl({"app", "add", "bad/name"}).exit_code, 2);
  EXPECT_EQ(Ctl({"app", "history", "x", "--limit", "0"}).exit_code, 2);
  EXPECT_EQ(Ctl({"app"}).exit_code, 2);
  EXPECT_EQ(Ctl({"app", "list", "--help"}).exit_code, 0);
  const auto version = Ctl({"--version"});
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_THAT(version.out, StartsWith("heartbeatctl "));
}

TEST_F(ServerFlowTest, BackupUnderLoadKeepsEverySignalAcknowledgedBeforeIt) {
  const std::string token = TokenFrom(Ctl({"app", "add", "backup", "--interval", "1h"}));
  ASSERT_FALSE(token.empty());
  std::atomic<bool> pinging{true};
  std::atomic<int> acknowledged{0};
  std::thread load([&] {
    httplib::Client client("127.0.0.1", port_);
    while (pinging) {
      auto res = client.Get(("/ping/" + token).c_str());
      if (res && res->status == 200) ++acknowledged;
    }
  });
  while (acknowledged < 200) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  const int before = acknowledged;
  const std::string file = (dir_.path() / "backups" / "hb.db").string();
  std::filesystem::create_directories(dir_.path() / "backups");
  const auto saved = Ctl({"backup", file});
  const int after = acknowledged;
  pinging = false;
  load.join();
  ASSERT_EQ(saved.exit_code, 0) << saved.err;
  EXPECT_THAT(saved.out, StartsWith("Backup written to " + file + " ("));
  EXPECT_FALSE(std::filesystem::exists(file + ".partial"));

  // Restore as docs/storage.md says: a second exporter on a copy of the file.
  const int port = FreePort();
  const std::string restored = (dir_.path() / "restored" / "hb.db").string();
  std::filesystem::create_directories(dir_.path() / "restored");
  std::filesystem::copy_file(file, restored);
  Process second({HEARTBEAT_EXPORTER_PATH, "--web.listen-address=127.0.0.1:" + std::to_string(port),
                  "--storage.path=" + restored});
  httplib::Client client("127.0.0.1", port);
  ASSERT_TRUE(WaitFor([&] {
    auto answer = client.Get("/-/ready");
    return answer && answer->status == 200;
  })) << second.err();
  auto check = client.Get("/checks/backup");
  ASSERT_TRUE(check && check->status == 200);
  const int restored_signals = nlohmann::json::parse(check->body)["signals_total"];
  EXPECT_GE(restored_signals, before) << "every ping answered before the backup started";
  EXPECT_LE(restored_signals, after + 1) << "and nothing that was never sent";
  second.Signal(SIGTERM);
  EXPECT_EQ(second.Wait(std::chrono::seconds(60)).exit_code, 0);

  const auto again = Ctl({"backup", file});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_THAT(again.err, HasSubstr("exists; choose a new file name"));
}

}  // namespace
}  // namespace heartbeat::ctl
