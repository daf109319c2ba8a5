#pragma once

#include <array>
#include <string>
#include <vector>

namespace heartbeat::http {

// Networks in CIDR form ("10.0.0.0/8,::1/128"); a bare address is a /32 or /128.
class NetworkAllowList {
 public:
  // Throws std::invalid_argument with a sentence naming `what` (the flag).
  static NetworkAllowList Parse(const std::string& text, const std::string& what);
  // An IPv4, IPv6 or IPv4-mapped IPv6 address as the connection reported it.
  bool Contains(const std::string& address) const;
  bool empty() const { return networks_.empty(); }

 private:
  struct Network {
    bool v6 = false;
    std::array<unsigned char, 16> bytes{};
    int prefix = 0;
  };
  std::vector<Network> networks_;
};

}  // namespace heartbeat::http
