#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>

namespace heartbeat {

// --web.config.file, the Prometheus exporter-toolkit format (the subset that
// applies here): TLS certificate and key, optional client CA, and basic-auth
// users with bcrypt hashes.
//
//   tls_server_config:
//     cert_file: server.crt
//     key_file: server.key
//     client_ca_file: ca.crt          # optional: require client certificates
//   basic_auth_users:
//     prometheus: $2y$10$...          # htpasswd -nBC 10 "" | tr -d ':\n'
struct WebConfig {
  std::string cert_file;
  std::string key_file;
  std::string client_ca_file;
  std::map<std::string, std::string> basic_auth_users;  // user -> bcrypt hash

  bool tls() const { return !cert_file.empty(); }
};

// Paths are resolved against the file's directory. Throws std::runtime_error
// naming the file, line and key on anything wrong (unknown keys included).
WebConfig LoadWebConfig(const std::string& path);

class LoginThrottle;

// Checks basic-auth credentials against the bcrypt hashes. bcrypt is slow on
// purpose (tens of ms), so verified credentials are remembered by their SHA-256,
// as exporter-toolkit does; a wrong password is never cached. An unknown user
// costs the same bcrypt as a known one (checked against a configured hash), so
// answer times do not tell which users exist; failed attempts are limited per
// client address, so guessing cannot take the CPU.
class BasicAuthenticator {
 public:
  enum class Outcome { kAllowed, kDenied, kThrottled };
  struct Result {
    Outcome outcome = Outcome::kDenied;
    int retry_after_seconds = 0;  // with kThrottled
  };

  explicit BasicAuthenticator(std::map<std::string, std::string> users);
  ~BasicAuthenticator();
  bool enabled() const { return !users_.empty(); }
  // `header` is the whole Authorization header value, `client` the remote address.
  Result Check(const std::string& header, const std::string& client);

 private:
  bool Verified(const std::string& key);
  std::map<std::string, std::string> users_;
  std::string dummy_hash_;  // a configured hash: same cost for unknown users
  std::mutex mutex_;
  std::set<std::string> verified_;
  std::unique_ptr<LoginThrottle> throttle_;
};

}  // namespace heartbeat
