#include "http/connection.h"

#include <openssl/err.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace heartbeat::http {

Connection::~Connection() {
  if (ssl) SSL_free(ssl);
  if (fd >= 0) ::close(fd);
}

namespace {

IoResult TlsResult(Connection& connection, int result) {
  switch (SSL_get_error(connection.ssl, result)) {
    case SSL_ERROR_WANT_READ:
      return {IoStatus::kWouldBlock, 0, false};
    case SSL_ERROR_WANT_WRITE:
      return {IoStatus::kWouldBlock, 0, true};
    default:
      ERR_clear_error();  // the error queue is per thread; leave it clean for the next connection
      return {IoStatus::kClosed, 0, false};
  }
}

}  // namespace

IoResult Handshake(Connection& connection) {
  if (!connection.ssl) return {};
  const int result = SSL_accept(connection.ssl);
  if (result == 1) return {};
  return TlsResult(connection, result);
}

IoResult ReceiveSome(Connection& connection, char* buffer, std::size_t size) {
  if (connection.ssl) {
    const int n = SSL_read(connection.ssl, buffer, static_cast<int>(size));
    if (n > 0) return {IoStatus::kOk, static_cast<std::size_t>(n)};
    return TlsResult(connection, n);
  }
  const ssize_t n = ::recv(connection.fd, buffer, size, 0);
  if (n > 0) return {IoStatus::kOk, static_cast<std::size_t>(n)};
  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
    return {IoStatus::kWouldBlock};
  return {IoStatus::kClosed};
}

IoResult SendSome(Connection& connection, const char* data, std::size_t size) {
  if (connection.ssl) {
    const int n = SSL_write(connection.ssl, data, static_cast<int>(size));
    if (n > 0) return {IoStatus::kOk, static_cast<std::size_t>(n)};
    return TlsResult(connection, n);
  }
  const ssize_t n = ::send(connection.fd, data, size, MSG_NOSIGNAL);
  if (n >= 0) return {IoStatus::kOk, static_cast<std::size_t>(n)};
  if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
    return {IoStatus::kWouldBlock, 0, true};
  return {IoStatus::kClosed};
}

IoResult FlushOutput(Connection& connection) {
  while (connection.has_output()) {
    const IoResult sent = SendSome(connection, connection.output.data() + connection.output_sent,
                                   connection.output.size() - connection.output_sent);
    if (sent.status != IoStatus::kOk) return sent;
    connection.output_sent += sent.bytes;
  }
  connection.output.clear();
  connection.output_sent = 0;
  return {};
}

bool FlushOutputBlocking(Connection& connection, std::chrono::milliseconds timeout) {
  const auto deadline = SteadyClock::now() + timeout;
  for (;;) {
    const IoResult flushed = FlushOutput(connection);
    if (flushed.status == IoStatus::kOk) return true;
    if (flushed.status == IoStatus::kClosed) return false;
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - SteadyClock::now());
    if (left.count() <= 0) return false;
    pollfd watched{connection.fd, static_cast<short>(flushed.want_write ? POLLOUT : POLLIN), 0};
    if (::poll(&watched, 1, static_cast<int>(left.count())) < 0 && errno != EINTR) return false;
  }
}

}  // namespace heartbeat::http
