#include "http/connection_server.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <stdexcept>
#include <system_error>
#include <utility>

#include "heartbeat/log/logging.h"
#include "http/error_answer.h"

namespace heartbeat::http {

namespace {

constexpr std::uint64_t kListenTag = ~std::uint64_t{0};
constexpr std::uint64_t kWakeTag = ~std::uint64_t{1};
constexpr std::uint64_t kResumedTag = ~std::uint64_t{2};
// Out of descriptors, accepting pauses this long instead of spinning on EMFILE.
constexpr std::chrono::milliseconds kAcceptPause{100};
constexpr std::chrono::seconds kDescriptorWarningInterval{10};
constexpr std::chrono::milliseconds kReaperTick{100};

std::int64_t Ticks(SteadyClock::time_point at) { return at.time_since_epoch().count(); }

void Address(const sockaddr_storage& address, std::string& ip, int& port) {
  char text[INET6_ADDRSTRLEN] = "";
  if (address.ss_family == AF_INET) {
    const auto& v4 = reinterpret_cast<const sockaddr_in&>(address);
    inet_ntop(AF_INET, &v4.sin_addr, text, sizeof(text));
    port = ntohs(v4.sin_port);
  } else if (address.ss_family == AF_INET6) {
    const auto& v6 = reinterpret_cast<const sockaddr_in6&>(address);
    inet_ntop(AF_INET6, &v6.sin6_addr, text, sizeof(text));
    port = ntohs(v6.sin6_port);
  }
  ip = text;
}

int ListenOn(const addrinfo& candidate) {
  const int fd = ::socket(candidate.ai_family, candidate.ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
                          candidate.ai_protocol);
  if (fd < 0) return -1;
  // SO_REUSEADDR only: with SO_REUSEPORT (httplib's default) a second exporter
  // binds the same port silently and takes half the heartbeats into another database.
  int yes = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  if (::bind(fd, candidate.ai_addr, candidate.ai_addrlen) != 0 || ::listen(fd, SOMAXCONN) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

}  // namespace

thread_local bool ConnectionServer::on_event_thread_ = false;

ConnectionServer::ConnectionServer(ConnectionSettings settings, RequestServer serve,
                                   ConnectionMetrics& metrics)
    : settings_(std::move(settings)),
      serve_(std::move(serve)),
      metrics_(metrics),
      table_(settings_.max_connections) {
  epoll_fd_ = epoll_create1(EPOLL_CLOEXEC);
  wake_fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  resumed_fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (epoll_fd_ < 0 || wake_fd_ < 0 || resumed_fd_ < 0)
    throw std::runtime_error("cannot create the epoll set");
  epoll_event wake{};
  wake.events = EPOLLIN;  // level-triggered and never read: once written, it wakes every thread
  wake.data.u64 = kWakeTag;
  epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &wake);
  // Level-triggered too: while connections wait in resumed_, every event
  // thread that asks for an event may take one.
  epoll_event resumed{};
  resumed.events = EPOLLIN;
  resumed.data.u64 = kResumedTag;
  epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, resumed_fd_, &resumed);
}

ConnectionServer::~ConnectionServer() {
  Stop();
  for (std::thread& thread : threads_)
    if (thread.joinable()) thread.join();
  FinishResumedWhileStopping();
  for (std::size_t i = 0; i < table_.capacity(); ++i) {
    if (Connection* connection = table_.ClaimExpired(i, SteadyClock::time_point::max()))
      CloseConnection(table_.HandleOf(i), *connection);
  }
  if (listen_fd_ >= 0) ::close(listen_fd_);
  ::close(resumed_fd_);
  ::close(wake_fd_);
  ::close(epoll_fd_);
}

int ConnectionServer::Bind(const std::string& host, int port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE;
  addrinfo* found = nullptr;
  const std::string failure = "cannot listen on " + host + ":" + std::to_string(port) +
                              " (in use, or not an address of this machine)";
  if (getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found) != 0)
    throw std::runtime_error(failure);
  for (addrinfo* candidate = found; candidate && listen_fd_ < 0; candidate = candidate->ai_next)
    listen_fd_ = ListenOn(*candidate);
  freeaddrinfo(found);
  if (listen_fd_ < 0) throw std::runtime_error(failure);
  sockaddr_storage bound{};
  socklen_t length = sizeof(bound);
  getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&bound), &length);
  std::string ip;
  int bound_port = 0;
  Address(bound, ip, bound_port);
  epoll_event listen{};
  listen.events = EPOLLIN | EPOLLONESHOT;
  listen.data.u64 = kListenTag;
  epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, listen_fd_, &listen);
  return bound_port;
}

bool ConnectionServer::Run() {
  if (listen_fd_ < 0) return false;
  threads_.emplace_back([this] { ReaperLoop(); });
  {
    std::lock_guard lock(pool_mutex_);
    StartPoolThread();
  }
  for (int i = 1; i < settings_.event_threads; ++i)
    threads_.emplace_back([this] { ServiceLoop(); });
  ServiceLoop();
  for (std::thread& thread : threads_) thread.join();
  threads_.clear();
  JoinPool();  // only event threads start pool threads, and they have ended
  // A commit answers in bounded time (done or failed), and its answer touches the connections.
  // Acquire: pairs with Resume's release, so that once this reads 0 no Resume
  // touches this object any more and the destructor may run.
  while (deferred_.load(std::memory_order_acquire) > 0)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  return true;
}

void ConnectionServer::Stop() {
  {
    std::lock_guard lock(pool_mutex_);  // a pool thread cannot miss it between test and wait
    stopping_ = true;
    for (PoolWaiter* waiter : idle_pool_) {
      waiter->woken = true;
      waiter->wake.notify_one();
    }
    idle_pool_.clear();
  }
  const std::uint64_t one = 1;
  [[maybe_unused]] const ssize_t written = ::write(wake_fd_, &one, sizeof(one));
}

void ConnectionServer::ServiceLoop() {
  // One event at a time: a thread that is busy with one connection (a TLS
  // handshake, a long read) must not sit on other connections' events.
  on_event_thread_ = true;
  epoll_event event{};
  while (!stopping_) {
    const int ready = epoll_wait(epoll_fd_, &event, 1, -1);
    if (ready <= 0 || event.data.u64 == kWakeTag) continue;
    if (event.data.u64 == kResumedTag) {
      // A batch resumes many connections at once: answer them back to back
      // instead of asking epoll again for each.
      while (Connection* connection = TakeResumed()) Drive(connection->handle, *connection);
      continue;
    }
    if (event.data.u64 == kListenTag) {
      AcceptOne();
      continue;
    }
    const ConnectionTable::Handle handle = event.data.u64;
    if (Connection* connection = table_.Claim(handle)) Drive(handle, *connection);
  }
}

void ConnectionServer::HandToPool(Connection& connection, FramedRequest request) {
  std::lock_guard lock(pool_mutex_);
  pool_queue_.push_back({&connection, std::move(request)});
  if (idle_pool_.empty()) {
    // Every pool thread is busy: one more, or the first to finish takes it.
    if (pool_threads_.size() < static_cast<std::size_t>(settings_.threads)) StartPoolThread();
    return;
  }
  PoolWaiter* waiter = idle_pool_.back();
  idle_pool_.pop_back();
  waiter->woken = true;
  waiter->wake.notify_one();
}

void ConnectionServer::StartPoolThread() {
  try {
    pool_threads_.emplace_back([this] { PoolLoop(); });
  } catch (const std::system_error& error) {
    // Out of threads (RLIMIT_NPROC, memory): the running ones take the request.
    LogWarn("cannot start another worker thread", {{"err", error.what()}});
  }
}

void ConnectionServer::JoinPool() {
  std::vector<std::thread> pool;
  {
    std::lock_guard lock(pool_mutex_);
    pool.swap(pool_threads_);
  }
  for (std::thread& thread : pool) thread.join();
}

// Queued requests are still served after Stop(): their connections are owned here.
void ConnectionServer::PoolLoop() {
  for (;;) {
    std::unique_lock lock(pool_mutex_);
    while (pool_queue_.empty() && !stopping_) {
      PoolWaiter self;
      idle_pool_.push_back(&self);
      self.wake.wait(lock, [&self] { return self.woken; });
    }
    if (pool_queue_.empty()) return;
    PoolRequest work = std::move(pool_queue_.front());
    pool_queue_.pop_front();
    lock.unlock();
    Connection& connection = *work.connection;
    deferred_.fetch_sub(1, std::memory_order_relaxed);
    std::optional<Next> next = ServeOne(connection, std::move(work.request));
    Drive(connection.handle, connection, next ? *next : NextRequest(connection));
  }
}

void ConnectionServer::ReaperLoop() {
  while (!stopping_) {
    std::this_thread::sleep_for(kReaperTick);
    const SteadyClock::time_point now = SteadyClock::now();
    if (accept_paused_ && Ticks(now) >= accept_resume_at_) {
      accept_paused_ = false;
      ArmListener();
    }
    for (std::size_t i = 0; i < table_.capacity(); ++i) {
      if (Connection* connection = table_.ClaimExpired(i, now))
        Expire(table_.HandleOf(i), *connection);
    }
  }
}

void ConnectionServer::ArmListener() {
  epoll_event listen{};
  listen.events = EPOLLIN | EPOLLONESHOT;
  listen.data.u64 = kListenTag;
  epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, listen_fd_, &listen);
}

// Accepts one connection, hands the listener back to epoll at once (another
// thread takes the next connection) and serves this one: its first request has
// often arrived with it.
void ConnectionServer::AcceptOne() {
  for (;;) {
    const int fd = accept4(listen_fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd >= 0) {
      ArmListener();
      if (table_.open() >= settings_.max_connections) {
        ::close(fd);  // over --web.max-connections: closed at once
        metrics_.RejectedAtLimit();
        return;
      }
      return SetUpConnection(fd);
    }
    if (errno == EINTR || errno == ECONNABORTED || errno == EPROTO) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) return ArmListener();
    // EMFILE, ENFILE, ENOBUFS, ENOMEM: the pending connection stays queued; pause
    // accepting (the reaper resumes it) instead of spinning on a readable listener.
    metrics_.RejectedWithoutDescriptors();
    const SteadyClock::time_point now = SteadyClock::now();
    if (Ticks(now) >= descriptor_warning_at_) {
      descriptor_warning_at_ = Ticks(now + kDescriptorWarningInterval);
      LogWarn("cannot accept connections: out of file descriptors; pausing accept",
              {{"err", std::strerror(errno)}, {"open_connections", std::to_string(table_.open())}});
    }
    accept_resume_at_ = Ticks(now + kAcceptPause);
    accept_paused_ = true;
    return;
  }
}

void ConnectionServer::SetUpConnection(int fd) {
  int yes = 1;
  // Without TCP_NODELAY a keep-alive client waits for the delayed ACK (~40 ms) on every answer.
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof(yes));
  auto connection = std::make_unique<Connection>(fd, settings_.limits, settings_.classify);
  sockaddr_storage address{};
  socklen_t length = sizeof(address);
  if (getpeername(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0)
    Address(address, connection->remote_ip, connection->remote_port);
  length = sizeof(address);
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0)
    Address(address, connection->local_ip, connection->local_port);
  const SteadyClock::time_point now = SteadyClock::now();
  if (settings_.tls) {
    connection->ssl = SSL_new(settings_.tls);
    SSL_set_fd(connection->ssl, fd);
    connection->state = ConnectionState::kHandshake;
    connection->deadline = now + settings_.read_timeout;
    connection->deadline_kind = DeadlineKind::kHandshake;
  } else {
    connection->deadline = now + settings_.keep_alive_timeout;
  }
  Connection& opened = *connection;
  const ConnectionTable::Handle handle = table_.Open(std::move(connection));
  if (handle == 0) {
    metrics_.RejectedAtLimit();
    return;
  }
  opened.handle = handle;
  metrics_.Accepted();
  metrics_.Opened(opened.state);
  Drive(handle, opened);
}

void ConnectionServer::Drive(ConnectionTable::Handle handle, Connection& connection,
                             std::optional<Next> first) {
  for (;;) {
    const Next next = first ? *std::exchange(first, std::nullopt) : Step(connection);
    if (next == Next::kDeferred) return;  // not ours any more: Resume hands it back
    if (next == Next::kClose || !Arm(handle, connection, next))
      return CloseConnection(handle, connection);
    if (table_.Release(handle)) return;
    // An event arrived while this thread owned the connection: serve it again.
  }
}

void ConnectionServer::Resume(Connection& connection) {
  connection.deadline = SteadyClock::now() + settings_.write_timeout;
  connection.deadline_kind = DeadlineKind::kWrite;
  {
    std::lock_guard lock(resumed_mutex_);
    resumed_.push_back(&connection);
    if (resumed_.size() == 1) {
      const std::uint64_t one = 1;
      [[maybe_unused]] const ssize_t written = ::write(resumed_fd_, &one, sizeof(one));
    }
  }
  deferred_.fetch_sub(1, std::memory_order_release);  // the last touch of this object
}

Connection* ConnectionServer::TakeResumed() {
  std::lock_guard lock(resumed_mutex_);
  if (resumed_.empty()) return nullptr;  // another thread took the last one
  Connection* connection = resumed_.front();
  resumed_.pop_front();
  if (resumed_.empty()) {
    std::uint64_t count = 0;
    [[maybe_unused]] const ssize_t read = ::read(resumed_fd_, &count, sizeof(count));
  }
  return connection;
}

// An answer committed while stopping, after the threads ended: still sent if
// the socket takes it at once (the signal is stored).
void ConnectionServer::FinishResumedWhileStopping() {
  while (Connection* connection = TakeResumed()) {
    bool close = true;
    connection->finish_answer(close);
    FlushOutput(*connection);
    CloseConnection(connection->handle, *connection);
  }
}

bool ConnectionServer::Arm(ConnectionTable::Handle handle, Connection& connection, Next next) {
  epoll_event event{};
  event.events = EPOLLONESHOT | (next == Next::kWaitWritable ? EPOLLOUT : EPOLLIN | EPOLLRDHUP);
  event.data.u64 = handle;
  if (epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, connection.fd, &event) == 0) return true;
  return errno == ENOENT && epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, connection.fd, &event) == 0;
}

void ConnectionServer::CloseConnection(ConnectionTable::Handle handle, Connection& connection) {
  metrics_.Closed(connection.state);
  table_.Close(handle);  // closing the descriptor also takes it out of the epoll set
}

void ConnectionServer::Expire(ConnectionTable::Handle handle, Connection& connection) {
  TimeOut(connection);
  CloseConnection(handle, connection);
}

// Counts a passed deadline and, for a request not received in time, answers 408
// (one attempt to send: the client is slow or gone anyway).
void ConnectionServer::TimeOut(Connection& connection) {
  metrics_.TimedOut(connection.deadline_kind);
  if (connection.deadline_kind != DeadlineKind::kRead) return;
  const FramedRequest& partial = connection.framer.partial();
  const std::string label(partial.method.empty() ? "other" : partial.path_class.label);
  metrics_.Answered(label, 408, connection.framer.first_byte());
  connection.output += ErrorAnswer(408,
                                   "the request was not complete within --web.read-timeout (" +
                                       std::to_string(settings_.read_timeout.count()) + " s)",
                                   partial.path_class.plain_text_errors);
  FlushOutput(connection);
}

}  // namespace heartbeat::http
