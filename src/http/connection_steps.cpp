// The per-connection state machine of ConnectionServer: handshake, reading and
// framing, serving, writing, lingering. Each step runs on the thread that owns
// the connection and ends by saying what to wait for next.
#include <sys/socket.h>

#include <memory>

#include "http/connection_server.h"
#include "http/error_answer.h"

namespace heartbeat::http {

namespace {

// One TLS record at most; larger reads did not save measurable time.
constexpr std::size_t kReadSize = 16 * 1024;
// A socket that keeps delivering is put back into epoll after this many reads,
// so one fast client does not keep a thread from the others.
constexpr int kReadsPerTurn = 16;
// Lingering close: how much of a refused body is drained before closing anyway.
constexpr unsigned long long kLingerBytes = 64ULL * 1024 * 1024;

// Allocated by a thread when it first reads: a static thread_local array is
// zeroed at every thread's start, which made 64 idle threads 4 MiB of RSS.
char* ReadBuffer() {
  thread_local std::unique_ptr<char[]> buffer;
  if (!buffer) buffer = std::make_unique<char[]>(kReadSize);
  return buffer.get();
}

}  // namespace

void ConnectionServer::SetState(Connection& connection, ConnectionState state) {
  if (connection.state == state) return;
  metrics_.Changed(connection.state, state);
  connection.state = state;
}

ConnectionServer::Next ConnectionServer::Step(Connection& connection) {
  if (connection.state == ConnectionState::kHandshake) {
    const IoResult handshake = Handshake(connection);
    if (handshake.status == IoStatus::kClosed) return Next::kClose;
    if (handshake.status == IoStatus::kWouldBlock)
      return handshake.want_write ? Next::kWaitWritable : Next::kWaitReadable;
    SetState(connection, ConnectionState::kIdle);
    connection.deadline = SteadyClock::now() + settings_.keep_alive_timeout;
    connection.deadline_kind = DeadlineKind::kIdle;
  }
  if (connection.finish_answer) return FinishDeferred(connection);
  if (connection.has_output()) {
    const IoResult flushed = FlushOutput(connection);
    if (flushed.status == IoStatus::kClosed) return Next::kClose;
    if (flushed.status == IoStatus::kWouldBlock) return Next::kWaitWritable;
    return AfterAnswer(connection);
  }
  if (connection.state == ConnectionState::kLingering) return Linger(connection);
  return ReadAndServe(connection);
}

ConnectionServer::Next ConnectionServer::ReadAndServe(Connection& connection) {
  for (int reads = 0;; ++reads) {
    if (const std::optional<Next> next = ServeBuffered(connection)) return *next;
    if (reads >= kReadsPerTurn && (!connection.ssl || SSL_pending(connection.ssl) == 0))
      return Next::kWaitReadable;  // level-triggered: epoll reports the rest at once
    const IoResult received = ReceiveSome(connection, ReadBuffer(), kReadSize);
    if (received.status == IoStatus::kClosed) return Next::kClose;
    if (received.status == IoStatus::kWouldBlock) {
      WaitForNextRequest(connection);
      return received.want_write ? Next::kWaitWritable : Next::kWaitReadable;
    }
    connection.input.append(ReadBuffer(), received.bytes);
  }
}

// Sets the deadline of a connection about to wait for bytes: the request's
// read timeout from its first byte once one has begun, else the keep-alive timeout.
void ConnectionServer::WaitForNextRequest(Connection& connection) {
  if (connection.framer.started()) {
    SetState(connection, ConnectionState::kReading);
    connection.deadline = connection.framer.first_byte() + settings_.read_timeout;
    connection.deadline_kind = DeadlineKind::kRead;
  } else if (connection.state != ConnectionState::kIdle ||
             connection.deadline_kind != DeadlineKind::kIdle) {
    SetState(connection, ConnectionState::kIdle);
    connection.deadline = SteadyClock::now() + settings_.keep_alive_timeout;
    connection.deadline_kind = DeadlineKind::kIdle;
  }
}

// Frames the buffered bytes and serves every complete request in order
// (pipelining). Returns what to wait for when it cannot go on, nothing when it
// needs more bytes.
std::optional<ConnectionServer::Next> ConnectionServer::ServeBuffered(Connection& connection) {
  for (;;) {
    const SteadyClock::time_point now = SteadyClock::now();
    const RequestFramer::Progress progress = connection.framer.Consume(connection.input, now);
    if (connection.framer.TakeContinueRequest()) {
      connection.output += "HTTP/1.1 100 Continue\r\n\r\n";
      if (FlushOutput(connection).status == IoStatus::kClosed) return Next::kClose;
    }
    if (progress == RequestFramer::Progress::kFailed) {
      const FramedRequest& partial = connection.framer.partial();
      const std::string label(partial.method.empty() ? "other" : partial.path_class.label);
      metrics_.Answered(label, connection.framer.error().status, connection.framer.first_byte());
      return RefuseRequest(connection, connection.framer.error().status,
                           connection.framer.error().sentence);
    }
    if (progress == RequestFramer::Progress::kNeedMore) {
      if (connection.framer.started() &&
          now - connection.framer.first_byte() >= settings_.read_timeout) {
        // Bytes kept coming, too slowly to finish in time.
        connection.deadline_kind = DeadlineKind::kRead;
        TimeOut(connection);
        return Next::kClose;
      }
      return std::nullopt;
    }
    if (const std::optional<Next> next = ServeOne(connection, connection.framer.TakeRequest()))
      return next;
  }
}

std::optional<ConnectionServer::Next> ConnectionServer::ServeOne(Connection& connection,
                                                                 FramedRequest request) {
  SetState(connection, ConnectionState::kActive);
  if (on_event_thread_ && !request.path_class.never_waits) {
    deferred_.fetch_add(1, std::memory_order_relaxed);
    HandToPool(connection, std::move(request));  // the pool owns the connection now
    return Next::kDeferred;
  }
  bool close = !request.keep_alive ||
               ++connection.requests_served >= settings_.keep_alive_max_requests || stopping_;
  if (serve_(request, connection, close)) {
    // Whoever answers owns the connection now, and may be resuming it already.
    deferred_.fetch_add(1, std::memory_order_relaxed);
    return Next::kDeferred;
  }
  return AfterServing(connection, close);
}

// The commit a deferred answer waited for is done: write the answer, then go
// on as after any answer (pipelined requests are served in order after it).
ConnectionServer::Next ConnectionServer::FinishDeferred(Connection& connection) {
  const std::function<void(bool&)> finish = std::move(connection.finish_answer);
  connection.finish_answer = nullptr;
  bool close = false;
  finish(close);
  if (const std::optional<Next> next = AfterServing(connection, close)) return *next;
  return NextRequest(connection);
}

// Sends the answer just served; what to wait for when the connection cannot
// go on to its next request at once.
std::optional<ConnectionServer::Next> ConnectionServer::AfterServing(Connection& connection,
                                                                     bool close) {
  if (connection.write_failed) return Next::kClose;
  if (close) {
    connection.close_after_output = true;
    // Bytes after the last request served (pipelined ones): drain them before
    // closing, or the kernel's reset could destroy the answer before it is read.
    connection.linger_after_output = !connection.input.empty();
  }
  if (const std::optional<Next> unsent = SendAnswer(connection)) return unsent;
  if (close) return AfterAnswer(connection);
  return std::nullopt;
}

// Sends the answer; what to wait for when it could not all be sent yet.
std::optional<ConnectionServer::Next> ConnectionServer::SendAnswer(Connection& connection) {
  const IoResult flushed = FlushOutput(connection);
  if (flushed.status == IoStatus::kClosed) return Next::kClose;
  if (flushed.status == IoStatus::kOk) return std::nullopt;
  connection.deadline = SteadyClock::now() + settings_.write_timeout;
  connection.deadline_kind = DeadlineKind::kWrite;
  return Next::kWaitWritable;
}

// Answers a request the framer refused and closes the connection after it,
// lingering: the client may still be sending the body we did not read.
ConnectionServer::Next ConnectionServer::RefuseRequest(Connection& connection, int status,
                                                       const std::string& sentence) {
  connection.output +=
      ErrorAnswer(status, sentence, connection.framer.partial().path_class.plain_text_errors);
  connection.input.clear();
  connection.close_after_output = true;
  connection.linger_after_output = true;
  SetState(connection, ConnectionState::kActive);
  if (const std::optional<Next> unsent = SendAnswer(connection)) return *unsent;
  return AfterAnswer(connection);
}

// The answer is sent: close, linger, or wait for the next request.
ConnectionServer::Next ConnectionServer::AfterAnswer(Connection& connection) {
  if (connection.close_after_output)
    return connection.linger_after_output ? StartLinger(connection) : Next::kClose;
  return NextRequest(connection);
}

// Just after an answer, the next request is either buffered already
// (pipelined) or not sent yet: a client that waits for each answer cannot
// have sent it. epoll is asked instead of a read that would almost always
// find nothing (it was most of a keep-alive request's failed recv calls).
ConnectionServer::Next ConnectionServer::NextRequest(Connection& connection) {
  if (!connection.input.empty() || (connection.ssl && SSL_has_pending(connection.ssl)))
    return ReadAndServe(connection);
  WaitForNextRequest(connection);
  return Next::kWaitReadable;
}

// Lingering close, as nginx does: stop sending (FIN after the answer), then
// read and discard what the client still sends, for a bounded time and size,
// so that closing with unread data (which makes the kernel send a reset that
// can destroy the answer in flight) does not happen to a client that sends its
// whole body before reading.
ConnectionServer::Next ConnectionServer::StartLinger(Connection& connection) {
  if (connection.ssl) SSL_shutdown(connection.ssl);
  ::shutdown(connection.fd, SHUT_WR);
  SetState(connection, ConnectionState::kLingering);
  connection.input.clear();
  connection.deadline = SteadyClock::now() + settings_.read_timeout;
  connection.deadline_kind = DeadlineKind::kLinger;
  return Linger(connection);
}

ConnectionServer::Next ConnectionServer::Linger(Connection& connection) {
  for (;;) {
    const IoResult received = ReceiveSome(connection, ReadBuffer(), kReadSize);
    if (received.status == IoStatus::kClosed) return Next::kClose;
    if (received.status == IoStatus::kWouldBlock) return Next::kWaitReadable;
    connection.lingered_bytes += received.bytes;
    if (connection.lingered_bytes > kLingerBytes) return Next::kClose;
  }
}

}  // namespace heartbeat::http
