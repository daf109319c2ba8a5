// `heartbeatctl exec` as a cron job would run it, against an in-test server
// that records the pings.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <csignal>
#include <string>
#include <vector>

#include "common/ping_recorder.h"
#include "common/process.h"
#include "heartbeat/core/uuid.h"

namespace heartbeat::ctl {
namespace {

using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::PingRecorder;
using testing::Process;
using testing::RecordedRequest;
using testing::RunProcess;
using testing::WaitFor;

std::vector<std::string> Exec(const std::string& ping_url, std::vector<std::string> command,
                              std::vector<std::string> flags = {}) {
  std::vector<std::string> argv = {HEARTBEATCTL_PATH, "exec", "--ping-url", ping_url};
  argv.insert(argv.end(), flags.begin(), flags.end());
  argv.push_back("--");
  argv.insert(argv.end(), command.begin(), command.end());
  return argv;
}

// Start then completion, paired by one fresh rid; returns the completion.
RecordedRequest ExpectStartAndCompletion(const PingRecorder& server, const std::string& status) {
  const auto requests = server.requests();
  EXPECT_EQ(requests.size(), 2u);
  if (requests.size() != 2) return {};
  EXPECT_EQ(requests[0].path, "/ping/tok/start");
  EXPECT_EQ(requests[1].path, "/ping/tok/" + status);
  EXPECT_EQ(requests[1].method, "POST");
  EXPECT_TRUE(IsUuid(requests[0].rid)) << requests[0].rid;
  EXPECT_EQ(requests[0].rid, requests[1].rid);
  EXPECT_THAT(requests[1].content_type, HasSubstr("text/plain"));
  return requests[1];
}

TEST(ExecProcessTest, SucceedingCommandPingsStartAndZeroWithOutput) {
  PingRecorder server;
  const auto result =
      RunProcess(Exec(server.url("/ping/tok"), {"sh", "-c", "echo hello; echo oops >&2; exit 0"}));
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_EQ(result.out, "hello\n");  // passed through unchanged
  EXPECT_EQ(result.err, "oops\n");
  const auto completion = ExpectStartAndCompletion(server, "0");
  EXPECT_THAT(completion.body, HasSubstr("hello\n"));
  EXPECT_THAT(completion.body, HasSubstr("oops\n"));
}

TEST(ExecProcessTest, FailingCommandReportsItsExitStatus) {
  PingRecorder server;
  const auto result =
      RunProcess(Exec(server.url("/ping/tok"), {"sh", "-c", "echo disk full >&2; exit 3"}));
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_EQ(ExpectStartAndCompletion(server, "3").body, "disk full\n");
}

TEST(ExecProcessTest, CommandKilledBySignalReports128PlusSignal) {
  PingRecorder server;
  const auto result =
      RunProcess(Exec(server.url("/ping/tok"), {"sh", "-c", "echo before; kill -KILL $$"}));
  EXPECT_EQ(result.exit_code, 128 + SIGKILL);
  EXPECT_EQ(ExpectStartAndCompletion(server, "137").body, "before\n");
}

TEST(ExecProcessTest, SigtermToTheWrapperStopsTheJobAndIsReported) {
  PingRecorder server;
  Process wrapper(Exec(server.url("/ping/tok"), {"sleep", "600"}));
  // The start ping is sent once the wrapper forwards signals.
  ASSERT_TRUE(WaitFor([&] { return !server.requests().empty(); }));
  wrapper.Signal(SIGTERM);
  const auto result = wrapper.Wait();
  EXPECT_EQ(result.exit_code, 128 + SIGTERM);
  ExpectStartAndCompletion(server, "143");
}

TEST(ExecProcessTest, BodyIsTheLast100KiBWhileTheTerminalGetsEverything) {
  PingRecorder server;
  // 3000 numbered lines of 100 bytes: 300 000 bytes, more than the 102 400 kept.
  const auto result =
      RunProcess(Exec(server.url("/ping/tok"), {"sh", "-c",
                                                "i=0; while [ $i -lt 3000 ]; do "
                                                "printf '%099d\\n' $i; i=$((i+1)); done"}));
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_EQ(result.out.size(), 300000u);
  const auto completion = ExpectStartAndCompletion(server, "0");
  EXPECT_EQ(completion.body.size(), 100u * 1024u);
  EXPECT_EQ(completion.body, result.out.substr(result.out.size() - 100 * 1024));
  EXPECT_THAT(completion.body, EndsWith(std::string(95, '0') + "2999\n"));
}

TEST(ExecProcessTest, CommandNotFoundReports127WithTheError) {
  PingRecorder server;
  const auto result =
      RunProcess(Exec(server.url("/ping/tok"), {"/nonexistent/backup.sh", "--full"}));
  EXPECT_EQ(result.exit_code, 127);
  EXPECT_THAT(result.err, HasSubstr("cannot run '/nonexistent/backup.sh'"));
  EXPECT_THAT(ExpectStartAndCompletion(server, "127").body,
              HasSubstr("cannot run '/nonexistent/backup.sh': No such file or directory"));
}

TEST(ExecProcessTest, ServerDownTheJobStillRunsAndItsStatusIsKept) {
  int port = 0;
  {
    PingRecorder gone;  // a port nothing listens on any more
    port = gone.port();
  }
  const auto result = RunProcess(Exec("http://127.0.0.1:" + std::to_string(port) + "/ping/tok",
                                      {"sh", "-c", "echo ran; exit 5"}, {"--retries", "1"}));
  EXPECT_EQ(result.exit_code, 5);
  EXPECT_EQ(result.out, "ran\n");
  EXPECT_THAT(result.err, HasSubstr("warning: start ping"));
  EXPECT_THAT(result.err, HasSubstr("warning: completion ping (exit status 5)"));
  EXPECT_THAT(result.err, HasSubstr("could not connect"));
  EXPECT_THAT(result.err, Not(HasSubstr("/ping/tok")));  // the token is a secret
}

TEST(ExecProcessTest, RejectedPingsWarnButDoNotFailTheJob) {
  PingRecorder server;
  server.Script({{404, "not found"}, {404, "not found"}});
  const auto result = RunProcess(Exec(server.url("/ping/tok"), {"true"}));
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_THAT(result.err, HasSubstr("server answered 404: not found"));
  EXPECT_EQ(server.requests().size(), 2u);  // a 404 is not retried
}

TEST(ExecProcessTest, HttpsPingUrlVerifiedWithCaFile) {
  testing::TempDir dir;
  const std::string cert = (dir.path() / "cert.pem").string();
  const std::string key = (dir.path() / "key.pem").string();
  const auto made = RunProcess({"openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj",
                                "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-days",
                                "1", "-keyout", key, "-out", cert});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  PingRecorder server(cert, key);
  const auto result = RunProcess(
      Exec(server.url("/ping/tok"), {"sh", "-c", "echo secure; exit 2"}, {"--retries", "0"}));
  // Not trusted by the system CAs: the job still runs, the pings are refused.
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("could not be verified"));
  EXPECT_TRUE(server.requests().empty());

  std::vector<std::string> trusted = {HEARTBEATCTL_PATH, "--ca-file", cert};
  const auto exec = Exec(server.url("/ping/tok"), {"sh", "-c", "echo secure; exit 2"});
  trusted.insert(trusted.end(), exec.begin() + 1, exec.end());
  const auto verified = RunProcess(trusted);
  EXPECT_EQ(verified.exit_code, 2);
  EXPECT_EQ(verified.err, "");
  EXPECT_EQ(ExpectStartAndCompletion(server, "2").body, "secure\n");
}

TEST(ExecProcessTest, UsageErrorsExitWith2) {
  EXPECT_EQ(RunProcess({HEARTBEATCTL_PATH, "exec", "--ping-url", "http://127.0.0.1:1/p"}).exit_code,
            2);
  EXPECT_EQ(RunProcess({HEARTBEATCTL_PATH, "exec", "--", "true"}).exit_code, 2);
  const auto bad_url =
      RunProcess({HEARTBEATCTL_PATH, "exec", "--ping-url", "ftp://h/p", "--", "true"});
  EXPECT_EQ(bad_url.exit_code, 2);
  EXPECT_THAT(bad_url.err, HasSubstr("only http and https"));
  EXPECT_EQ(RunProcess({HEARTBEATCTL_PATH, "exec", "--ping-url", "http://h/p", "--timeout", "soon",
                        "--", "true"})
                .exit_code,
            2);
}

}  // namespace
}  // namespace heartbeat::ctl
