#include "http/request_stream.h"

#include <cstring>

namespace heartbeat::http {

namespace {

// Past this much unsent output, a write sends before it buffers more.
constexpr std::size_t kOutputHighWater = 256 * 1024;

}  // namespace

RequestStream::RequestStream(const FramedRequest& request, Connection& connection,
                             std::chrono::milliseconds write_timeout)
    : length_header_("Content-Length: " + std::to_string(request.body.size()) + "\r\n\r\n"),
      connection_(connection),
      write_timeout_(write_timeout) {
  segments_[0] = &request.head;
  segments_[1] = &length_header_;
  segments_[2] = &request.body;
}

ssize_t RequestStream::read(char* ptr, size_t size) {
  while (segment_ < 3 && offset_ == segments_[segment_]->size()) {
    ++segment_;
    offset_ = 0;
  }
  if (segment_ == 3) return 0;
  const std::string& source = *segments_[segment_];
  const std::size_t length = std::min(size, source.size() - offset_);
  std::memcpy(ptr, source.data() + offset_, length);
  offset_ += length;
  return static_cast<ssize_t>(length);
}

ssize_t RequestStream::write(const char* ptr, size_t size) {
  if (connection_.write_failed) return -1;
  connection_.output.append(ptr, size);
  if (connection_.output.size() - connection_.output_sent > kOutputHighWater &&
      !FlushOutputBlocking(connection_, write_timeout_)) {
    connection_.write_failed = true;
    return -1;
  }
  return static_cast<ssize_t>(size);
}

void RequestStream::get_remote_ip_and_port(std::string& ip, int& port) const {
  ip = connection_.remote_ip;
  port = connection_.remote_port;
}

void RequestStream::get_local_ip_and_port(std::string& ip, int& port) const {
  ip = connection_.local_ip;
  port = connection_.local_port;
}

}  // namespace heartbeat::http
