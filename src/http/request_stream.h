#pragma once

#include <httplib.h>

#include <chrono>
#include <string>

#include "http/connection.h"
#include "http/request_framer.h"

namespace heartbeat::http {

// The httplib::Stream that httplib::Server::process_request reads one framed
// request from and writes its answer to. Reads serve the request line and
// headers, a Content-Length for the (de-chunked, decoded, tail-kept) body, and
// the body, then end: httplib never waits on the socket. Writes go to the
// connection's output, which the connection layer sends; a long answer
// (/metrics, chunked) is sent as it grows, waiting up to the write timeout.
class RequestStream : public httplib::Stream {
 public:
  RequestStream(const FramedRequest& request, Connection& connection,
                std::chrono::milliseconds write_timeout);

  bool is_readable() const override { return true; }
  bool is_writable() const override { return !connection_.write_failed; }
  ssize_t read(char* ptr, size_t size) override;
  ssize_t write(const char* ptr, size_t size) override;
  void get_remote_ip_and_port(std::string& ip, int& port) const override;
  void get_local_ip_and_port(std::string& ip, int& port) const override;
  // No descriptor: httplib compares it with FD_SETSIZE (select()), which a
  // server with thousands of connections would exceed.
  socket_t socket() const override { return INVALID_SOCKET; }

 private:
  const std::string* segments_[3];
  std::string length_header_;
  std::size_t segment_ = 0;
  std::size_t offset_ = 0;
  Connection& connection_;
  std::chrono::milliseconds write_timeout_;
};

}  // namespace heartbeat::http
