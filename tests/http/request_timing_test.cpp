// The request metrics time every request, including the ones the HTTP parser rejects.
#include <regex>

#include "common/raw_connection.h"
#include "common/server_fixture.h"

namespace heartbeat::testing {
namespace {

class RequestTimingTest : public ServerTest {};

double SampleValue(const std::string& metrics, const std::string& series) {
  const std::regex line("(^|\n)" + series + " ([^\n]+)");
  std::smatch match;
  if (!std::regex_search(metrics, match, line)) return -1;
  return std::stod(match[2]);
}

// A rejected request used to be timed from a thread_local that only pre-routing
// set: on a fresh worker thread that was the steady clock's epoch (the machine's
// uptime, 573 s in one sum). No request can take longer than the read timeout.
TEST_F(RequestTimingTest, RejectedRequestsAreTimedFromTheirOwnConnection) {
  for (const std::string& request :
       {std::string("BREW /pot HTTP/1.1\r\nHost: x\r\n\r\n"),
        "GET /" + std::string(9000, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET / HTTP/1.1\r\nX-Long: " + std::string(9000, 'b') + "\r\n\r\n"}) {
    RawConnection connection(port_);
    ASSERT_TRUE(connection.Send(request));
    const std::string answer = connection.ReadUntil("\r\n\r\n");
    EXPECT_TRUE(answer.rfind("HTTP/1.1 4", 0) == 0) << answer.substr(0, 80);
  }
  const std::string metrics = Metrics();
  const double count = SampleValue(
      metrics, R"(heartbeat_exporter_http_request_duration_seconds_count\{handler="other"\})");
  const double sum = SampleValue(
      metrics, R"(heartbeat_exporter_http_request_duration_seconds_sum\{handler="other"\})");
  EXPECT_GE(count, 2) << metrics;  // the long header line is on "/", counted as landing or other
  EXPECT_GE(sum, 0);
  EXPECT_LT(sum, 10.0 * count) << "each request lasted at most the read timeout (10 s)";
}

}  // namespace
}  // namespace heartbeat::testing
