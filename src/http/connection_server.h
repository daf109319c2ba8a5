#pragma once

#include <openssl/ssl.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
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
  int event_threads = 2;  // read, frame, and serve the requests that never wait
  int threads = 64;       // serve the requests that may wait (--web.worker-threads)
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
// connection must close after the answer. Returns true when the answer waits
// for something (a commit): then it has set connection.finish_answer, and
// whoever will know the answer hands the connection back with
// ConnectionServer::Resume; nothing else touches the connection meanwhile.
using RequestServer =
    std::function<bool(FramedRequest& request, Connection& connection, bool& close)>;

// Connection handling in the manner of nginx: every accepted, idle and
// keep-alive socket waits in one epoll set, and no thread belongs to a
// connection. `event_threads` threads (about one per core) each wait for one
// event at a time; the one that gets an event reads what is there, frames it
// (RequestFramer) and, when a request is complete, serves it right there if
// its route never waits (pings, whose commits are deferred), writes the
// answer and puts the socket back into epoll. A request that may wait (a
// scrape, the API, a page) goes to a pool of `threads` threads, which serves it
// and carries on with the connection in the same way. Few threads take the
// events, so under load each finds the next one ready instead of being woken
// for it (issue 11: with 64 threads taking events, their sleeps and wake-ups
// were a third of the CPU). A reaper thread enforces the deadlines of the
// sockets that wait.
class ConnectionServer {
 public:
  ConnectionServer(ConnectionSettings settings, RequestServer serve, ConnectionMetrics& metrics);
  ~ConnectionServer();
  ConnectionServer(const ConnectionServer&) = delete;
  ConnectionServer& operator=(const ConnectionServer&) = delete;

  // Binds and listens; returns the port. Throws std::runtime_error with a sentence.
  int Bind(const std::string& host, int port);
  // Serves until Stop(), then waits for the deferred answers. False if it could not start.
  bool Run();
  void Stop();
  // A deferred answer can be written now (its commit is done, issue 11): queues
  // the connection for the event threads, one of which takes it at once, writes
  // the answer with connection.finish_answer and goes on as after any answer.
  // Any thread; quick, so that a committing thread can call it for a whole
  // batch: one wake-up for the queue, not an epoll_ctl per connection.
  void Resume(Connection& connection);

 private:
  // kDeferred: the request's answer waits for a commit; the connection is not
  // re-armed until Resume.
  enum class Next { kWaitReadable, kWaitWritable, kClose, kDeferred };

  void ServiceLoop();
  // The next resumed connection, now owned by the caller, or null.
  Connection* TakeResumed();
  // Answers the resumed connections no thread took before the threads ended.
  void FinishResumedWhileStopping();
  void ReaperLoop();
  // The pool for requests that may wait.
  void PoolLoop();
  void HandToPool(Connection& connection, FramedRequest request);
  // With pool_mutex_ held.
  void StartPoolThread();
  void JoinPool();
  void AcceptOne();
  void SetUpConnection(int fd);
  // Steps the owned connection until it waits (starting with `first` when set).
  void Drive(ConnectionTable::Handle handle, Connection& connection,
             std::optional<Next> first = std::nullopt);
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
  Next FinishDeferred(Connection& connection);
  std::optional<Next> AfterServing(Connection& connection, bool close);
  Next RefuseRequest(Connection& connection, int status, const std::string& sentence);
  std::optional<Next> SendAnswer(Connection& connection);
  Next AfterAnswer(Connection& connection);
  Next NextRequest(Connection& connection);
  Next StartLinger(Connection& connection);
  Next Linger(Connection& connection);
  void WaitForNextRequest(Connection& connection);
  void SetState(Connection& connection, ConnectionState state);

  // True on the threads that take epoll events: they hand requests that may wait to the pool.
  static thread_local bool on_event_thread_;

  ConnectionSettings settings_;
  RequestServer serve_;
  ConnectionMetrics& metrics_;
  ConnectionTable table_;
  int listen_fd_ = -1;
  int epoll_fd_ = -1;
  int wake_fd_ = -1;  // eventfd: readable once Stop() is called, wakes every thread
  // Connections whose deferred answers can be written (Resume), in order, and
  // an eventfd readable exactly while there are some: both changed together
  // under resumed_mutex_, so a wake-up is never lost.
  int resumed_fd_ = -1;
  std::mutex resumed_mutex_;
  std::deque<Connection*> resumed_;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> accept_paused_{false};
  std::atomic<std::int64_t> accept_resume_at_{0};
  std::atomic<std::int64_t> descriptor_warning_at_{0};
  // Deferred answers not yet resumed (briefly -1 when one resumes before it is counted).
  std::atomic<int> deferred_{0};
  std::vector<std::thread> threads_;
  struct PoolRequest {
    Connection* connection;  // owned by the pool until a pool thread takes it
    FramedRequest request;
  };
  // A pool thread waiting for work; on its own stack.
  struct PoolWaiter {
    std::condition_variable wake;
    bool woken = false;
  };
  std::mutex pool_mutex_;
  std::deque<PoolRequest> pool_queue_;
  // Waiting pool threads, the last to finish on top: it gets the next request,
  // so scrapes run on the same few threads (and stacks) instead of all in turn.
  std::vector<PoolWaiter*> idle_pool_;
  // Started as requests first need them, up to settings_.threads: an idle
  // exporter keeps one (each costs about 9 KiB of RSS).
  std::vector<std::thread> pool_threads_;
};

}  // namespace heartbeat::http
