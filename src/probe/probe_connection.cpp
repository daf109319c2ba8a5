#include "probe/probe_connection.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <memory>
#include <stdexcept>

namespace heartbeat {

namespace {

int MillisLeft(SteadyTime deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - std::chrono::steady_clock::now());
  return left.count() <= 0 ? 0 : static_cast<int>(left.count());
}

std::string ErrnoSentence(int error) {
  switch (error) {
    case ECONNREFUSED:
      return "connection refused";
    case ECONNRESET:
      return "connection reset by peer";
    case EHOSTUNREACH:
      return "host unreachable";
    case ENETUNREACH:
      return "network unreachable";
    default:
      return std::strerror(error);
  }
}

bool IsIpLiteral(const std::string& host) {
  unsigned char buffer[sizeof(in6_addr)];
  return inet_pton(AF_INET, host.c_str(), buffer) == 1 ||
         inet_pton(AF_INET6, host.c_str(), buffer) == 1;
}

std::string OpenSslError() {
  const unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return "the TLS handshake failed";
  char text[256];
  ERR_error_string_n(code, text, sizeof text);
  return text;
}

struct AddrInfoDeleter {
  void operator()(addrinfo* info) const { freeaddrinfo(info); }
};

}  // namespace

ProbeConnection::~ProbeConnection() {
  if (ssl_ != nullptr) SSL_free(ssl_);
  if (ssl_context_ != nullptr) SSL_CTX_free(ssl_context_);
  if (fd_ >= 0) close(fd_);
}

void ProbeConnection::Wait(bool for_write, const char* step) const {
  pollfd descriptor{fd_, static_cast<short>(for_write ? POLLOUT : POLLIN), 0};
  for (;;) {
    const int left = MillisLeft(deadline_);
    if (left == 0) throw std::runtime_error(std::string("timed out while ") + step);
    if (cancel_ != nullptr && cancel_->load()) throw std::runtime_error("the exporter is stopping");
    // Short slices so that a stop does not wait for a 60-second timeout.
    const int ready = poll(&descriptor, 1, std::min(left, 200));
    if (ready > 0) return;
    if (ready == 0) continue;
    if (ready < 0 && errno != EINTR) {
      throw std::runtime_error(std::string(step) + ": " + ErrnoSentence(errno));
    }
  }
}

// Tries each address the name resolves to until one connects. The resolver
// itself (getaddrinfo) has no deadline: docs/reference.md §6.3 says so.
void ProbeConnection::Connect(const std::string& host, int port) {
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_ADDRCONFIG;
  addrinfo* found = nullptr;
  const int resolved = getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found);
  if (resolved != 0) {
    throw std::runtime_error("cannot resolve \"" + host + "\": " + gai_strerror(resolved));
  }
  const std::unique_ptr<addrinfo, AddrInfoDeleter> addresses(found);
  std::string last_error = "no address";
  for (const addrinfo* address = found; address != nullptr; address = address->ai_next) {
    if (fd_ >= 0) close(fd_);
    fd_ = socket(address->ai_family, address->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
                 address->ai_protocol);
    if (fd_ < 0) throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
    if (connect(fd_, address->ai_addr, address->ai_addrlen) == 0) return;
    if (errno != EINPROGRESS) {
      last_error = ErrnoSentence(errno);
      continue;
    }
    Wait(true, "connecting");
    int error = 0;
    socklen_t length = sizeof error;
    getsockopt(fd_, SOL_SOCKET, SO_ERROR, &error, &length);
    if (error == 0) return;
    last_error = ErrnoSentence(error);
  }
  throw std::runtime_error(last_error);
}

template <typename Call>
int ProbeConnection::RetrySsl(Call call, const char* step) {
  for (;;) {
    const int result = call();
    if (result > 0) return result;
    const int error = SSL_get_error(ssl_, result);
    if (error == SSL_ERROR_WANT_READ) {
      Wait(false, step);
    } else if (error == SSL_ERROR_WANT_WRITE) {
      Wait(true, step);
    } else if (error == SSL_ERROR_ZERO_RETURN) {
      return 0;
    } else if (error == SSL_ERROR_SYSCALL && result == 0) {
      return 0;  // closed without close_notify: many servers do that after the answer
    } else {
      const long verify = SSL_get_verify_result(ssl_);
      if (verify != X509_V_OK) {
        throw std::runtime_error(std::string("certificate verify failed: ") +
                                 X509_verify_cert_error_string(verify));
      }
      if (error == SSL_ERROR_SYSCALL) {
        throw std::runtime_error(std::string(step) + ": " + ErrnoSentence(errno));
      }
      throw std::runtime_error(std::string(step) + ": " + OpenSslError());
    }
  }
}

void ProbeConnection::StartTls(const ProbeTls& tls) {
  ssl_context_ = SSL_CTX_new(TLS_client_method());
  if (ssl_context_ == nullptr) throw std::runtime_error("TLS: " + OpenSslError());
  SSL_CTX_set_min_proto_version(ssl_context_, TLS1_2_VERSION);
  if (tls.verify) {
    SSL_CTX_set_verify(ssl_context_, SSL_VERIFY_PEER, nullptr);
    const bool loaded = tls.ca_file.empty() ? SSL_CTX_set_default_verify_paths(ssl_context_) == 1
                                            : SSL_CTX_load_verify_locations(
                                                  ssl_context_, tls.ca_file.c_str(), nullptr) == 1;
    if (!loaded) {
      throw std::runtime_error("cannot load the CA file \"" + tls.ca_file +
                               "\": " + OpenSslError());
    }
  }
  ssl_ = SSL_new(ssl_context_);
  if (ssl_ == nullptr || SSL_set_fd(ssl_, fd_) != 1) {
    throw std::runtime_error("TLS: " + OpenSslError());
  }
  const bool ip_literal = IsIpLiteral(tls.server_name);
  if (!ip_literal) SSL_set_tlsext_host_name(ssl_, tls.server_name.c_str());
  if (tls.verify) {
    X509_VERIFY_PARAM* parameters = SSL_get0_param(ssl_);
    const int named = ip_literal
                          ? X509_VERIFY_PARAM_set1_ip_asc(parameters, tls.server_name.c_str())
                          : X509_VERIFY_PARAM_set1_host(parameters, tls.server_name.c_str(), 0);
    if (named != 1) throw std::runtime_error("TLS: cannot verify \"" + tls.server_name + "\"");
  }
  RetrySsl([this] { return SSL_connect(ssl_); }, "in the TLS handshake");
}

void ProbeConnection::WriteAll(const std::string& data) {
  std::size_t sent = 0;
  while (sent < data.size()) {
    const std::size_t left = data.size() - sent;
    if (ssl_ != nullptr) {
      const int chunk = static_cast<int>(std::min<std::size_t>(left, 1 << 20));
      const int wrote = RetrySsl([&] { return SSL_write(ssl_, data.data() + sent, chunk); },
                                 "sending the request");
      if (wrote == 0) throw std::runtime_error("the server closed before the request was sent");
      sent += static_cast<std::size_t>(wrote);
      continue;
    }
    const ssize_t wrote = send(fd_, data.data() + sent, left, MSG_NOSIGNAL);
    if (wrote > 0) {
      sent += static_cast<std::size_t>(wrote);
    } else if (wrote < 0 && (errno == EAGAIN || errno == EINTR)) {
      Wait(true, "sending the request");
    } else {
      throw std::runtime_error("sending the request: " + ErrnoSentence(errno));
    }
  }
}

std::size_t ProbeConnection::ReadSome(std::string& into, std::size_t room) {
  char buffer[16384];
  room = std::min(sizeof buffer, room);
  if (ssl_ != nullptr) {
    const int got = RetrySsl([&] { return SSL_read(ssl_, buffer, static_cast<int>(room)); },
                             "waiting for the answer");
    into.append(buffer, static_cast<std::size_t>(got));
    return static_cast<std::size_t>(got);
  }
  for (;;) {
    const ssize_t got = recv(fd_, buffer, room, 0);
    if (got >= 0) {
      into.append(buffer, static_cast<std::size_t>(got));
      return static_cast<std::size_t>(got);
    }
    if (errno != EAGAIN && errno != EINTR) {
      throw std::runtime_error("reading the answer: " + ErrnoSentence(errno));
    }
    Wait(false, "waiting for the answer");
  }
}

std::optional<TimePoint> ProbeConnection::EarliestCertificateExpiry() const {
  if (ssl_ == nullptr) return std::nullopt;
  STACK_OF(X509)* chain = SSL_get_peer_cert_chain(ssl_);
  std::optional<TimePoint> earliest;
  for (int i = 0; chain != nullptr && i < sk_X509_num(chain); ++i) {
    std::tm expiry{};
    if (ASN1_TIME_to_tm(X509_get0_notAfter(sk_X509_value(chain, i)), &expiry) != 1) continue;
    const TimePoint at = FromMillis(static_cast<long long>(timegm(&expiry)) * 1000);
    if (!earliest || at < *earliest) earliest = at;
  }
  return earliest;
}

}  // namespace heartbeat
