#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <ctime>
#include <fstream>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

// A real local server for probe tests: it listens on 127.0.0.1 and answers each
// connection as its current mode says (switchable while it runs). With a
// certificate it speaks TLS. Stops by itself in the destructor.
namespace heartbeat::testing {

enum class TargetMode { kHealthy, kError500, kWarnJson, kFailJson, kChunkedPass, kHang, kReset };

// A self-signed certificate for 127.0.0.1 and localhost, valid for `days`.
struct SelfSignedCertificate {
  explicit SelfSignedCertificate(int days) {
    EVP_PKEY* key = EVP_EC_gen("P-256");
    X509* cert = X509_new();
    ASN1_INTEGER_set(X509_get_serialNumber(cert), static_cast<long>(std::time(nullptr)));
    X509_gmtime_adj(X509_getm_notBefore(cert), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert), static_cast<long>(days) * 86400);
    not_after = static_cast<long long>(std::time(nullptr)) + static_cast<long long>(days) * 86400;
    X509_set_pubkey(cert, key);
    X509_NAME* name = X509_get_subject_name(cert);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>("localhost"), -1, -1, 0);
    X509_set_issuer_name(cert, name);
    X509V3_CTX context;
    X509V3_set_ctx_nodb(&context);
    X509V3_set_ctx(&context, cert, cert, nullptr, nullptr, 0);
    X509_EXTENSION* san =
        X509V3_EXT_conf_nid(nullptr, &context, NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1");
    X509_add_ext(cert, san, -1);
    X509_EXTENSION_free(san);
    X509_EXTENSION* basic =
        X509V3_EXT_conf_nid(nullptr, &context, NID_basic_constraints, "critical,CA:TRUE");
    X509_add_ext(cert, basic, -1);
    X509_EXTENSION_free(basic);
    X509_sign(cert, key, EVP_sha256());
    certificate = cert;
    private_key = key;
  }
  ~SelfSignedCertificate() {
    X509_free(certificate);
    EVP_PKEY_free(private_key);
  }
  // Writes the certificate as PEM (the CA file a probe verifies with).
  void WritePem(const std::string& path) const {
    BIO* bio = BIO_new_file(path.c_str(), "w");
    PEM_write_bio_X509(bio, certificate);
    BIO_free(bio);
  }
  X509* certificate = nullptr;
  EVP_PKEY* private_key = nullptr;
  long long not_after = 0;  // seconds since the epoch, to the second the certificate says
};

class ProbeTargetServer {
 public:
  explicit ProbeTargetServer(TargetMode mode, const SelfSignedCertificate* tls = nullptr)
      : mode_(mode) {
    if (tls != nullptr) {
      ssl_context_ = SSL_CTX_new(TLS_server_method());
      SSL_CTX_use_certificate(ssl_context_, tls->certificate);
      SSL_CTX_use_PrivateKey(ssl_context_, tls->private_key);
    }
    listener_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    const int one = 1;
    setsockopt(listener_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        listen(listener_, 1024) != 0) {
      throw std::runtime_error("cannot listen on 127.0.0.1");
    }
    socklen_t length = sizeof address;
    getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { Serve(); });
  }
  ~ProbeTargetServer() {
    stopping_ = true;
    thread_.join();
    for (int held : held_) close(held);
    close(listener_);
    if (ssl_context_ != nullptr) SSL_CTX_free(ssl_context_);
  }
  ProbeTargetServer(const ProbeTargetServer&) = delete;
  ProbeTargetServer& operator=(const ProbeTargetServer&) = delete;

  int port() const { return port_; }
  std::string url(const std::string& path = "/health") const {
    return std::string(ssl_context_ != nullptr ? "https" : "http") +
           "://127.0.0.1:" + std::to_string(port_) + path;
  }
  void set_mode(TargetMode mode) { mode_ = mode; }
  long long requests() const { return requests_.load(); }
  std::string last_request() const {
    std::lock_guard lock(mutex_);
    return last_request_;
  }

 private:
  void Serve() {
    pollfd descriptor{listener_, POLLIN, 0};
    while (!stopping_) {
      if (poll(&descriptor, 1, 50) <= 0) continue;
      const int client = accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
      if (client >= 0) Answer(client);
    }
  }

  std::string ReadRequest(int client, SSL* ssl) {
    std::string request;
    char buffer[4096];
    while (request.find("\r\n\r\n") == std::string::npos && request.size() < 65536) {
      const int got = ssl != nullptr ? SSL_read(ssl, buffer, sizeof buffer)
                                     : static_cast<int>(recv(client, buffer, sizeof buffer, 0));
      if (got <= 0) break;
      request.append(buffer, static_cast<std::size_t>(got));
    }
    return request;
  }

  static std::string Response(TargetMode mode) {
    const auto json = [](const std::string& status) {
      const std::string body = "{\"status\":\"" + status + "\"}";
      return "HTTP/1.1 200 OK\r\nContent-Type: application/health+json\r\nContent-Length: " +
             std::to_string(body.size()) + "\r\n\r\n" + body;
    };
    switch (mode) {
      case TargetMode::kError500:
        return "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 4\r\n\r\nboom";
      case TargetMode::kWarnJson:
        return json("warn");
      case TargetMode::kFailJson:
        return json("fail");
      case TargetMode::kChunkedPass:
        return "HTTP/1.1 200 OK\r\nContent-Type: application/health+json\r\n"
               "Transfer-Encoding: "
               "chunked\r\n\r\n7\r\n{\"statu\r\n9\r\ns\":\"pass\"\r\n1\r\n}\r\n0\r\n\r\n";
      default:
        return "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
    }
  }

  void Answer(int client) {
    ++requests_;
    const TargetMode mode = mode_.load();
    if (mode == TargetMode::kReset) {
      const linger abort_on_close{1, 0};
      setsockopt(client, SOL_SOCKET, SO_LINGER, &abort_on_close, sizeof abort_on_close);
      close(client);
      return;
    }
    if (mode == TargetMode::kHang) {
      held_.push_back(client);  // accepted, never answered, closed at the end
      return;
    }
    timeval limit{2, 0};
    setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
    SSL* ssl = nullptr;
    if (ssl_context_ != nullptr) {
      ssl = SSL_new(ssl_context_);
      SSL_set_fd(ssl, client);
      if (SSL_accept(ssl) != 1) {  // a client that refused our certificate
        SSL_free(ssl);
        close(client);
        return;
      }
    }
    const std::string request = ReadRequest(client, ssl);
    {
      std::lock_guard lock(mutex_);
      last_request_ = request;
    }
    const std::string response = Response(mode);
    if (ssl != nullptr) {
      SSL_write(ssl, response.data(), static_cast<int>(response.size()));
      SSL_shutdown(ssl);
      SSL_free(ssl);
    } else {
      send(client, response.data(), response.size(), MSG_NOSIGNAL);
    }
    close(client);
  }

  std::atomic<TargetMode> mode_;
  SSL_CTX* ssl_context_ = nullptr;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<long long> requests_{0};
  mutable std::mutex mutex_;
  std::string last_request_;
  std::vector<int> held_;
  std::thread thread_;
};

}  // namespace heartbeat::testing
