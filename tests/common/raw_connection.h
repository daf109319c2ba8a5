#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>
#include <string>

namespace heartbeat::testing {

// A plain TCP connection to a loopback port, for requests no HTTP client
// library would send (malformed, pipelined, trickled, never finished). Every
// read is bounded by a deadline, so a test never hangs on a server that does
// not answer.
class RawConnection {
 public:
  explicit RawConnection(int port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0) throw std::runtime_error("socket() failed");
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
      ::close(fd_);
      throw std::runtime_error("connect() failed");
    }
    int yes = 1;
    setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof(yes));
  }
  ~RawConnection() {
    if (fd_ >= 0) ::close(fd_);
  }
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  // False when the server closed or reset the connection.
  bool Send(const std::string& data) {
    std::size_t sent = 0;
    while (sent < data.size()) {
      const ssize_t n = ::send(fd_, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return false;
      sent += static_cast<std::size_t>(n);
    }
    return true;
  }

  // Reads until the server closes the connection or `timeout` passes.
  std::string ReadUntilClosed(std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
    std::string data;
    ReadWhile([&] { return true; }, data, timeout);
    return data;
  }

  // Reads until `text` has been seen `count` times, the server closes, or `timeout` passes.
  std::string ReadUntil(const std::string& text, int count = 1,
                        std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
    std::string data;
    ReadWhile([&] { return Occurrences(data, text) < count; }, data, timeout);
    return data;
  }

  // True when the server has closed the connection (EOF or reset) within `timeout`.
  bool ClosedWithin(std::chrono::milliseconds timeout) {
    std::string data;
    return ReadWhile([] { return true; }, data, timeout);
  }

  static int Occurrences(const std::string& data, const std::string& text) {
    int count = 0;
    for (auto at = data.find(text); at != std::string::npos; at = data.find(text, at + 1)) ++count;
    return count;
  }

  int fd() const { return fd_; }

 private:
  // Returns true when the connection ended (EOF or error), false on timeout or `more` false.
  template <typename More>
  bool ReadWhile(More more, std::string& data, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (more()) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return false;
      pollfd watched{fd_, POLLIN, 0};
      if (::poll(&watched, 1, static_cast<int>(left.count())) <= 0) continue;
      char buffer[65536];
      const ssize_t n = ::recv(fd_, buffer, sizeof(buffer), 0);
      if (n <= 0) return true;
      data.append(buffer, static_cast<std::size_t>(n));
    }
    return false;
  }

  int fd_ = -1;
};

}  // namespace heartbeat::testing
