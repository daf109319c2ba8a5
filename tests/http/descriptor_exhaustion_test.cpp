// Out of file descriptors (EMFILE): the real exporter binary as a child
// process, its open-file limit lowered from outside while it runs (prlimit),
// then more connections than it has descriptors for. It must pause accepting
// instead of spinning on the readable listener, log once per interval, and
// answer again once descriptors are free.
#include <gtest/gtest.h>
#include <httplib.h>
#include <sys/resource.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "common/process.h"
#include "common/raw_connection.h"

namespace heartbeat::testing {
namespace {

using ctl::testing::FreePort;
using ctl::testing::Process;
using ctl::testing::TempDir;
using ctl::testing::WaitFor;

int OpenDescriptors(pid_t pid) {
  int count = 0;
  for ([[maybe_unused]] const auto& entry :
       std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/fd"))
    ++count;
  return count;
}

// utime + stime of a process, in seconds.
double CpuSeconds(pid_t pid) {
  const std::string stat = ctl::testing::ReadWholeFile("/proc/" + std::to_string(pid) + "/stat");
  std::istringstream fields(stat.substr(stat.rfind(')') + 2));
  std::string field;
  long long ticks = 0;
  for (int i = 3; i <= 15 && fields >> field; ++i) {
    if (i == 14 || i == 15) ticks += std::stoll(field);
  }
  return static_cast<double>(ticks) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

int Occurrences(const std::string& text, const std::string& what) {
  return RawConnection::Occurrences(text, what);
}

long long CounterValue(const std::string& metrics, const std::string& series) {
  const auto at = metrics.find(series + " ");
  return at == std::string::npos ? -1 : std::stoll(metrics.substr(at + series.size() + 1));
}

TEST(DescriptorExhaustionTest, AcceptPausesLogsOncePerIntervalAndRecovers) {
  TempDir dir;
  const int port = FreePort();
  Process server({HEARTBEAT_EXPORTER_PATH, "--web.listen-address=127.0.0.1:" + std::to_string(port),
                  "--storage.path=" + (dir.path() / "hb.db").string()});
  httplib::Client client("127.0.0.1", port);
  client.set_connection_timeout(2, 0);
  client.set_read_timeout(5, 0);
  ASSERT_TRUE(WaitFor([&] {
    auto answer = client.Get("/-/ready");
    return answer && answer->status == 200;
  })) << server.err();
  client.set_keep_alive(false);

  // A few descriptors to spare, then forty connections: most cannot be accepted.
  const rlim_t spare = 6;
  const rlim_t lowered = static_cast<rlim_t>(OpenDescriptors(server.pid())) + spare;
  const rlimit limit{lowered, lowered};
  ASSERT_EQ(prlimit(server.pid(), RLIMIT_NOFILE, &limit, nullptr), 0);
  std::vector<std::unique_ptr<RawConnection>> held;
  for (int i = 0; i < 40; ++i) held.push_back(std::make_unique<RawConnection>(port));
  ASSERT_TRUE(
      WaitFor([&] { return server.err().find("out of file descriptors") != std::string::npos; },
              std::chrono::seconds(20)))
      << server.err();

  // Three seconds at the limit, the listener readable all along.
  const double cpu_before = CpuSeconds(server.pid());
  std::this_thread::sleep_for(std::chrono::seconds(3));
  const double cpu = CpuSeconds(server.pid()) - cpu_before;
  std::printf("CPU at the descriptor limit: %.3f s in 3 s\n", cpu);
  EXPECT_LT(cpu, 0.3) << "a busy loop on EMFILE takes a whole core";
  EXPECT_EQ(Occurrences(server.err(), "out of file descriptors"), 1)
      << "logged once per interval (10 s), not once per attempt:\n"
      << server.err();

  held.clear();  // the client goes away: the server's descriptors come back
  ASSERT_TRUE(WaitFor(
      [&] {
        auto answer = client.Get("/-/healthy");
        return answer && answer->status == 200;
      },
      std::chrono::seconds(20)))
      << "no answer after the connections closed; the exporter's log:\n"
      << server.err();
  auto metrics = client.Get("/metrics");
  ASSERT_TRUE(metrics);
  const long long rejected = CounterValue(
      metrics->body,
      "heartbeat_exporter_http_connections_rejected_total{reason=\"file_descriptors\"}");
  EXPECT_GE(rejected, 1);
  // Accepting is retried every 100 ms while out of descriptors: tens over these
  // few seconds, where a busy loop counts thousands.
  EXPECT_LT(rejected, 300) << "accept was retried without a pause";
}

}  // namespace
}  // namespace heartbeat::testing
