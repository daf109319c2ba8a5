// ConnectionServer's threads on their own, with a request server of the
// test's: requests whose route never waits are served on the event threads,
// the others in the pool, so a pool that is busy holds no ping up; and an
// answer deferred until another thread resumes the connection keeps its place
// among pipelined answers.
#include "http/connection_server.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "common/raw_connection.h"
#include "heartbeat/metrics/self_metrics.h"

namespace heartbeat::http {
namespace {

using std::chrono::milliseconds;
using testing::RawConnection;

std::string Answer(const std::string& body) {
  return "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

std::string Get(const std::string& path) { return "GET " + path + " HTTP/1.1\r\nHost: t\r\n\r\n"; }

// Polls `count` until it is not zero (10 s at most); returns its last value.
template <typename Count>
auto OnceNonZero(Count count) {
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (count() == 0 && std::chrono::steady_clock::now() < give_up)
    std::this_thread::sleep_for(milliseconds(1));
  return count();
}

// /quick never waits; /slow waits until the test opens the gate; /deferred is
// answered by another thread 50 ms later, through Resume.
class ConnectionServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ConnectionSettings settings;
    settings.event_threads = 2;
    settings.threads = 1;  // one pool thread: a /slow request holds all of it
    settings.classify = [](const std::string& path) {
      PathClass path_class;
      path_class.label = path.substr(1);
      path_class.never_waits = path == "/quick" || path == "/deferred";
      return path_class;
    };
    server_ = std::make_unique<ConnectionServer>(
        settings,
        [this](FramedRequest& request, Connection& connection, bool&) {
          return Serve(request, connection);
        },
        metrics_);
    port_ = server_->Bind("127.0.0.1", 0);
    thread_ = std::thread([this] { server_->Run(); });
  }

  void TearDown() override {
    OpenGate();
    if (server_) server_->Stop();
    if (thread_.joinable()) thread_.join();
    JoinResumers();
  }

  void JoinResumers() {
    for (std::thread& resumer : resumers_)
      if (resumer.joinable()) resumer.join();
  }

  std::size_t Resumers() {
    std::lock_guard lock(mutex_);
    return resumers_.size();
  }

  bool Serve(FramedRequest& request, Connection& connection) {
    if (request.path == "/slow") {
      std::unique_lock lock(mutex_);
      ++slow_waiting_;
      gate_.wait(lock, [this] { return gate_open_; });
      connection.output += Answer("slow");
      return false;
    }
    if (request.path == "/deferred") {
      connection.finish_answer = [&connection](bool&) { connection.output += Answer("deferred"); };
      std::lock_guard lock(mutex_);
      resumers_.emplace_back([this, &connection] {
        std::this_thread::sleep_for(milliseconds(50));
        server_->Resume(connection);
      });
      return true;
    }
    connection.output += Answer(request.path.substr(1));
    return false;
  }

  void OpenGate() {
    {
      std::lock_guard lock(mutex_);
      gate_open_ = true;
    }
    gate_.notify_all();
  }

  int SlowWaiting() {
    std::lock_guard lock(mutex_);
    return slow_waiting_;
  }

  SelfMetrics self_metrics_;
  ConnectionMetrics metrics_{self_metrics_};
  std::unique_ptr<ConnectionServer> server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable gate_;
  bool gate_open_ = false;
  int slow_waiting_ = 0;
  std::vector<std::thread> resumers_;
};

TEST_F(ConnectionServerTest, ABusyPoolHoldsNoRequestThatNeverWaits) {
  RawConnection slow(port_);
  ASSERT_TRUE(slow.Send(Get("/slow")));
  ASSERT_EQ(OnceNonZero([this] { return SlowWaiting(); }), 1);
  for (int i = 0; i < 3; ++i) {
    RawConnection quick(port_);
    ASSERT_TRUE(quick.Send(Get("/quick")));
    EXPECT_NE(quick.ReadUntil("quick", 1, std::chrono::seconds(10)).find(Answer("quick")),
              std::string::npos)
        << "a request that never waits was held up by the busy pool";
  }
  OpenGate();
  EXPECT_NE(slow.ReadUntil("slow").find(Answer("slow")), std::string::npos);
}

TEST_F(ConnectionServerTest, DeferredAndPooledAnswersKeepTheirPlaceInAPipeline) {
  OpenGate();
  RawConnection connection(port_);
  const char* const paths[] = {"/deferred", "/quick", "/slow", "/deferred", "/other", "/quick"};
  std::string requests;
  std::string expected;
  for (const char* path : paths) {
    requests += Get(path);
    expected += Answer(std::string(path).substr(1));
  }
  ASSERT_TRUE(connection.Send(requests));
  EXPECT_EQ(connection.ReadUntil("HTTP/1.1 ", 6), expected);
  // The connection is still usable after them.
  ASSERT_TRUE(connection.Send(Get("/deferred")));
  EXPECT_EQ(connection.ReadUntil("HTTP/1.1 "), Answer("deferred"));
}

TEST_F(ConnectionServerTest, ManyConnectionsWithDeferredAnswersAreAllAnswered) {
  std::vector<std::unique_ptr<RawConnection>> connections;
  for (int i = 0; i < 20; ++i) {
    connections.push_back(std::make_unique<RawConnection>(port_));
    ASSERT_TRUE(connections.back()->Send(Get("/deferred") + Get("/quick")));
  }
  for (auto& connection : connections) {
    EXPECT_EQ(connection->ReadUntil("HTTP/1.1 ", 2), Answer("deferred") + Answer("quick"));
  }
}

TEST_F(ConnectionServerTest, AnAnswerResumedAfterTheThreadsEndedIsStillSent) {
  RawConnection connection(port_);
  ASSERT_TRUE(connection.Send(Get("/deferred")));
  ASSERT_EQ(OnceNonZero([this] { return Resumers(); }), 1u);
  // The event threads end at once; Run returns once the commit (50 ms) resumed
  // the connection, which no thread takes any more: the destructor answers it.
  server_->Stop();
  thread_.join();
  JoinResumers();
  server_.reset();
  EXPECT_EQ(connection.ReadUntil("deferred"), Answer("deferred"));
}

}  // namespace
}  // namespace heartbeat::http
