#pragma once

#include <openssl/ssl.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "http/connection.h"
#include "http/connection_metrics.h"
#include "http/connection_table.h"
#include "http/request_framer.h"

namespace heartbeat::http {

struct ConnectionSettings {
  int threads = 64;
  std::size_t max_connections = 16384;
  std::chrono::seconds read_timeout{10};
  std::chrono::seconds keep_alive_timeout{30};
  std::chrono::seconds write_timeout{10};
  int keep_alive_max_requests = 1000;
  SSL_CTX* tls = nullptr;  // not owned; null: plain HTTP
  FramingLimits limits;
  RequestFramer::Classifier classify;
};

// Answers one complete request, appending the answer to connection.output
// (or sending it as it goes, for long answers). Sets `close` when the
// connection must close after the answer.
using RequestServer =
    std::function<void(FramedRequest& request, Connection& connection, bool& close)>;

// Connection handling in the manner of nginx: every accepted, idle and
// keep-alive socket waits in one epoll set, and no thread belongs to a
// connection. `threads` threads each wait for one event at a time; the one
// that gets an event reads what is there, frames it (RequestFramer) and, only
// when a request is complete, serves it right there (no hand-off to another
// thread), writes the answer and puts the socket back into epoll. A reaper
// thread enforces the deadlines of the sockets that wait.
class ConnectionServer {
 public:
  ConnectionServer(ConnectionSettings settings, RequestServer serve, ConnectionMetrics& metrics);
  ~ConnectionServer();
  ConnectionServer(const ConnectionServer&) = delete;
  ConnectionServer& operator=(const ConnectionServer&) = delete;

  // Binds and listens; returns the port. Throws std::runtime_error with a sentence.
  int Bind(const std::string& host, int port);
  // Serves until Stop(). False if it could not start.
  bool Run();
  void Stop();

 private:
  enum class Next { kWaitReadable, kWaitWritable, kClose };

  void ServiceLoop();
  void ReaperLoop();
  void AcceptOne();
  void SetUpConnection(int fd);
  void Drive(ConnectionTable::Handle handle, Connection& connection);
  bool Arm(ConnectionTable::Handle handle, Connection& connection, Next next);
  void CloseConnection(ConnectionTable::Handle handle, Connection& connection);
  void Expire(ConnectionTable::Handle handle, Connection& connection);
  void TimeOut(Connection& connection);
  void ArmListener();

  // The per-connection state machine (connection_steps.cpp).
  Next Step(Connection& connection);
  Next ReadAndServe(Connection& connection);
  std::optional<Next> ServeBuffered(Connection& connection);
  std::optional<Next> ServeOne(Connection& connection, FramedRequest request);
  Next RefuseRequest(Connection& connection, int status, const std::string& sentence);
  std::optional<Next> SendAnswer(Connection& connection);
  Next AfterAnswer(Connection& connection);
  Next StartLinger(Connection& connection);
  Next Linger(Connection& connection);
  void WaitForNextRequest(Connection& connection);
  void SetState(Connection& connection, ConnectionState state);

  ConnectionSettings settings_;
  RequestServer serve_;
  ConnectionMetrics& metrics_;
  ConnectionTable table_;
  int listen_fd_ = -1;
  int epoll_fd_ = -1;
  int wake_fd_ = -1;  // eventfd: readable once Stop() is called, wakes every thread
  std::atomic<bool> stopping_{false};
  std::atomic<bool> accept_paused_{false};
  std::atomic<std::int64_t> accept_resume_at_{0};
  std::atomic<std::int64_t> descriptor_warning_at_{0};
  std::vector<std::thread> threads_;
};

}  // namespace heartbeat::http
