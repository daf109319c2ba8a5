#include "ctl/pinger.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/ping_recorder.h"

namespace heartbeat::ctl {
namespace {

using ::testing::HasSubstr;
using testing::PingRecorder;

PingOptions FastRetries(int retries) {
  PingOptions options;
  options.retries = retries;
  options.first_backoff = std::chrono::milliseconds(1);
  return options;
}

TEST(PingerTest, PostsBodyAsTextToSuffixWithRid) {
  PingRecorder server;
  const Pinger pinger(ParseHttpUrl(server.url("/ping/tok")), FastRetries(3));
  EXPECT_EQ(pinger.Send("3", "rid-1", "last lines\n"), "");
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].method, "POST");
  EXPECT_EQ(requests[0].path, "/ping/tok/3");
  EXPECT_EQ(requests[0].rid, "rid-1");
  EXPECT_EQ(requests[0].body, "last lines\n");
  EXPECT_THAT(requests[0].content_type, HasSubstr("text/plain"));
}

TEST(PingerTest, RetriesServerErrorsUntilAccepted) {
  PingRecorder server;
  server.Script({{503, "busy"}, {500, "oops"}});
  const Pinger pinger(ParseHttpUrl(server.url("/ping/tok")), FastRetries(3));
  EXPECT_EQ(pinger.Send("start", "r", ""), "");
  EXPECT_EQ(server.requests().size(), 3u);
}

TEST(PingerTest, GivesUpAfterRetriesWithTheLastReason) {
  PingRecorder server;
  server.Script({{503, "a"}, {503, "b"}, {502, "bad gateway\nmore"}});
  const Pinger pinger(ParseHttpUrl(server.url("/ping/tok")), FastRetries(2));
  EXPECT_EQ(pinger.Send("0", "r", ""), "server answered 502: bad gateway");
  EXPECT_EQ(server.requests().size(), 3u);
}

TEST(PingerTest, DoesNotRetryWhatWillNotChange) {
  PingRecorder server;
  server.Script({{404, "not found"}});
  const Pinger pinger(ParseHttpUrl(server.url("/ping/unknown")), FastRetries(3));
  EXPECT_EQ(pinger.Send("", "", ""), "server answered 404: not found");
  EXPECT_EQ(server.requests().size(), 1u);
}

TEST(PingerTest, NothingListeningIsAReasonNotAnException) {
  int port = 0;
  {
    PingRecorder gone;  // take a free port, then close it
    port = gone.port();
  }
  const Pinger pinger(ParseHttpUrl("http://127.0.0.1:" + std::to_string(port) + "/ping/t"),
                      FastRetries(1));
  EXPECT_THAT(pinger.Send("start", "r", ""), HasSubstr("could not connect"));
}

}  // namespace
}  // namespace heartbeat::ctl
