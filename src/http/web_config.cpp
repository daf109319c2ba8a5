#include "heartbeat/http/web_config.h"

#include <crypt.h>
#include <openssl/crypto.h>
#include <yaml-cpp/yaml.h>

#include <cstring>
#include <filesystem>
#include <stdexcept>

#include "heartbeat/core/token.h"
#include "http/login_throttle.h"

namespace heartbeat {

namespace {

std::string Where(const std::string& path, const YAML::Node& node) {
  return path + ":" + std::to_string(node.Mark().line + 1);
}

std::string Resolve(const std::string& config_path, const std::string& file) {
  if (file.empty() || std::filesystem::path(file).is_absolute()) return file;
  return (std::filesystem::path(config_path).parent_path() / file).string();
}

std::string ScalarAt(const std::string& path, const YAML::Node& node, const std::string& field) {
  if (!node.IsScalar())
    throw std::runtime_error(Where(path, node) + ": " + field + " must be a string");
  return node.as<std::string>();
}

// A non-scalar key ("? [a, b]") would make yaml-cpp's as<std::string>() throw
// "bad conversion", a message that names neither the file nor the line.
std::string KeyAt(const std::string& path, const YAML::Node& key) {
  if (!key.IsScalar()) throw std::runtime_error(Where(path, key) + ": keys must be plain strings");
  return key.Scalar();
}

std::string Base64Decode(const std::string& text) {
  static const std::string kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  int bits = 0;
  unsigned value = 0;
  for (char c : text) {
    if (c == '=') break;
    const auto index = kAlphabet.find(c);
    if (index == std::string::npos) return "";
    value = (value << 6) | static_cast<unsigned>(index);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((value >> bits) & 0xff));
    }
  }
  return out;
}

void ReadTlsServerConfig(const std::string& path, const YAML::Node& value, WebConfig& config) {
  if (!value.IsMap())
    throw std::runtime_error(Where(path, value) + ": tls_server_config must be a mapping");
  for (const auto& tls : value) {
    const std::string tls_key = KeyAt(path, tls.first);
    const std::string field = "tls_server_config." + tls_key;
    if (tls_key == "cert_file") {
      config.cert_file = Resolve(path, ScalarAt(path, tls.second, field));
    } else if (tls_key == "key_file") {
      config.key_file = Resolve(path, ScalarAt(path, tls.second, field));
    } else if (tls_key == "client_ca_file") {
      config.client_ca_file = Resolve(path, ScalarAt(path, tls.second, field));
    } else {
      throw std::runtime_error(Where(path, tls.first) + ": " + field +
                               " is not supported (use cert_file, key_file, client_ca_file)");
    }
  }
  if (config.cert_file.empty() != config.key_file.empty()) {
    throw std::runtime_error(Where(path, value) +
                             ": tls_server_config needs both cert_file and key_file");
  }
}

void ReadBasicAuthUsers(const std::string& path, const YAML::Node& value, WebConfig& config) {
  if (!value.IsMap())
    throw std::runtime_error(Where(path, value) + ": basic_auth_users must be a mapping");
  for (const auto& user : value) {
    const std::string name = KeyAt(path, user.first);
    const std::string hash = ScalarAt(path, user.second, "basic_auth_users." + name);
    if (hash.rfind("$2", 0) != 0) {
      throw std::runtime_error(Where(path, user.second) + ": basic_auth_users." + name +
                               " must be a bcrypt hash ($2y$...), e.g. from htpasswd -nBC 10");
    }
    config.basic_auth_users[name] = hash;
  }
}

}  // namespace

WebConfig LoadWebConfig(const std::string& path) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::BadFile&) {
    throw std::runtime_error("cannot read the web config file " + path);
  } catch (const YAML::Exception& error) {
    throw std::runtime_error(path + ":" + std::to_string(error.mark.line + 1) + ": " + error.msg);
  }
  WebConfig config;
  if (root.IsNull()) return config;
  if (!root.IsMap())
    throw std::runtime_error(Where(path, root) + ": the web config must be a mapping");
  for (const auto& entry : root) {
    const std::string key = KeyAt(path, entry.first);
    if (key == "tls_server_config") {
      ReadTlsServerConfig(path, entry.second, config);
    } else if (key == "basic_auth_users") {
      ReadBasicAuthUsers(path, entry.second, config);
    } else {
      throw std::runtime_error(Where(path, entry.first) + ": " + key +
                               " is not supported (use tls_server_config, basic_auth_users)");
    }
  }
  for (const std::string* file : {&config.cert_file, &config.key_file, &config.client_ca_file}) {
    if (!file->empty() && !std::filesystem::exists(*file)) {
      throw std::runtime_error(path + ": " + *file + " does not exist");
    }
  }
  return config;
}

BasicAuthenticator::BasicAuthenticator(std::map<std::string, std::string> users)
    : users_(std::move(users)), throttle_(std::make_unique<LoginThrottle>()) {
  if (!users_.empty()) dummy_hash_ = users_.begin()->second;
}

BasicAuthenticator::~BasicAuthenticator() = default;

bool BasicAuthenticator::Verified(const std::string& key) {
  std::lock_guard lock(mutex_);
  return verified_.count(key) != 0;
}

BasicAuthenticator::Result BasicAuthenticator::Check(const std::string& header,
                                                     const std::string& client) {
  constexpr const char kBasic[] = "Basic ";
  const auto now = LoginThrottle::Clock::now();
  const std::string decoded =
      header.rfind(kBasic, 0) == 0 ? Base64Decode(header.substr(sizeof(kBasic) - 1)) : "";
  const auto colon = decoded.find(':');
  // No credentials at all (a first request, a probe) is not a guess: nothing to
  // check, nothing to count against the address.
  if (colon == std::string::npos) return {Outcome::kDenied, 0};
  const auto it = users_.find(decoded.substr(0, colon));
  const std::string& hash = it == users_.end() ? dummy_hash_ : it->second;
  const std::string key = ToHex(HashToken(decoded + "\n" + hash));
  if (it != users_.end() && Verified(key)) return {Outcome::kAllowed, 0};
  if (const int wait = throttle_->RetryAfter(client, now); wait > 0) {
    return {Outcome::kThrottled, wait};
  }
  // Known user or not, one bcrypt of the same cost, compared in constant time.
  const std::string password = decoded.substr(colon + 1);
  crypt_data data{};
  const char* computed = crypt_r(password.c_str(), hash.c_str(), &data);
  const bool matches = computed != nullptr && hash.size() == std::strlen(computed) &&
                       CRYPTO_memcmp(computed, hash.data(), hash.size()) == 0;
  if (it == users_.end() || !matches) {
    throttle_->RecordFailure(client, now);
    return {Outcome::kDenied, 0};
  }
  std::lock_guard lock(mutex_);
  verified_.insert(key);
  return {Outcome::kAllowed, 0};
}

}  // namespace heartbeat
