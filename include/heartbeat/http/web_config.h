#pragma once

#include <map>
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

// Checks basic-auth credentials against the bcrypt hashes. bcrypt is slow on
// purpose (tens of ms), so verified credentials are remembered by their SHA-256,
// as exporter-toolkit does; a wrong password is never cached.
class BasicAuthenticator {
 public:
  explicit BasicAuthenticator(std::map<std::string, std::string> users)
      : users_(std::move(users)) {}
  bool enabled() const { return !users_.empty(); }
  // `header` is the whole Authorization header value.
  bool Check(const std::string& header);

 private:
  std::map<std::string, std::string> users_;
  std::mutex mutex_;
  std::set<std::string> verified_;
};

}  // namespace heartbeat
