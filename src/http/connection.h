#pragma once

#include <openssl/ssl.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

#include "http/request_framer.h"

namespace heartbeat::http {

using SteadyClock = std::chrono::steady_clock;

// What a connection is doing; the gauge heartbeat_exporter_http_connections has one series each.
enum class ConnectionState { kHandshake, kIdle, kReading, kActive, kLingering, kCount };

// Why a connection's deadline is set, so that its expiry is counted right.
enum class DeadlineKind { kHandshake, kIdle, kRead, kWrite, kLinger };

// One accepted socket and everything known about it. A connection is touched
// by one thread at a time: whichever took ownership of its slot in the
// ConnectionTable (the thread that got its epoll event, or the reaper).
struct Connection {
  int fd = -1;
  std::uint64_t handle = 0;  // its ConnectionTable slot, for a thread that answers it later
  SSL* ssl = nullptr;        // TLS, else null
  std::string remote_ip;
  int remote_port = 0;
  std::string local_ip;
  int local_port = 0;

  ConnectionState state = ConnectionState::kIdle;
  std::string input;   // received, not yet framed
  std::string output;  // answer bytes not yet sent, from output_sent on
  std::size_t output_sent = 0;
  RequestFramer framer;
  int requests_served = 0;
  bool close_after_output = false;   // the answer says "Connection: close"
  bool linger_after_output = false;  // the client may still be sending: drain before closing
  unsigned long long lingered_bytes = 0;
  bool write_failed = false;
  // Set while a request's answer waits for a commit (RequestServer returned
  // true); once Resume hands the connection back, the connection thread that
  // takes it calls this to write the answer, setting `close` as serving does.
  std::function<void(bool& close)> finish_answer;

  SteadyClock::time_point deadline;
  DeadlineKind deadline_kind = DeadlineKind::kIdle;

  Connection(int socket, FramingLimits limits, RequestFramer::Classifier classify)
      : fd(socket), framer(limits, std::move(classify)) {}
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  bool has_output() const { return output_sent < output.size(); }
};

enum class IoStatus { kOk, kWouldBlock, kClosed };
struct IoResult {
  IoStatus status = IoStatus::kOk;
  std::size_t bytes = 0;
  bool want_write = false;  // with kWouldBlock: wait until writable, not readable (TLS)
};

// Non-blocking socket I/O, plain or TLS.
IoResult Handshake(Connection& connection);
IoResult ReceiveSome(Connection& connection, char* buffer, std::size_t size);
IoResult SendSome(Connection& connection, const char* data, std::size_t size);
// Sends the pending output until it is all sent or the socket would block.
IoResult FlushOutput(Connection& connection);
// Sends the pending output, waiting up to `timeout` for the socket; false on failure or timeout.
bool FlushOutputBlocking(Connection& connection, std::chrono::milliseconds timeout);

}  // namespace heartbeat::http
