#pragma once

#include <openssl/ssl.h>

#include <atomic>
#include <chrono>
#include <optional>
#include <string>

#include "heartbeat/core/clock.h"

namespace heartbeat {

using SteadyTime = std::chrono::steady_clock::time_point;

// TLS settings of one https probe.
struct ProbeTls {
  std::string server_name;  // SNI and the name verified
  std::string ca_file;      // empty: the system's CA store
  bool verify = true;
};

// One outgoing connection with a deadline on every step: connect, handshake,
// write and read each wait with poll() until `deadline` at most, so a target
// that hangs, drips or never answers costs its timeout and nothing more.
// Every failure throws std::runtime_error with a sentence.
class ProbeConnection {
 public:
  // `cancel`, when set, ends every wait early (the exporter is stopping).
  ProbeConnection(SteadyTime deadline, const std::atomic<bool>* cancel)
      : deadline_(deadline), cancel_(cancel) {}
  ~ProbeConnection();
  ProbeConnection(const ProbeConnection&) = delete;
  ProbeConnection& operator=(const ProbeConnection&) = delete;

  void Connect(const std::string& host, int port);
  void StartTls(const ProbeTls& tls);
  void WriteAll(const std::string& data);
  // Appends what arrives until the peer closes, `complete(into)` says the answer
  // is whole, or `limit` bytes are held.
  template <typename Complete>
  void ReadAnswer(std::string& into, std::size_t limit, Complete complete) {
    while (into.size() < limit && !complete(into) && ReadSome(into, limit - into.size()) > 0) {
    }
  }
  // Appends at most `room` bytes as they arrive; 0 when the peer closed.
  std::size_t ReadSome(std::string& into, std::size_t room);

  // The earliest notAfter of the peer's chain, after StartTls.
  std::optional<TimePoint> EarliestCertificateExpiry() const;

 private:
  // Waits until the socket is readable (or writable); throws at the deadline.
  void Wait(bool for_write, const char* step) const;
  // Retries an SSL call that wants I/O; throws with the step's name.
  template <typename Call>
  int RetrySsl(Call call, const char* step);

  SteadyTime deadline_;
  const std::atomic<bool>* cancel_;
  int fd_ = -1;
  SSL_CTX* ssl_context_ = nullptr;
  SSL* ssl_ = nullptr;
};

}  // namespace heartbeat
