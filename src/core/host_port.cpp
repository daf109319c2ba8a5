#include "heartbeat/core/host_port.h"

namespace heartbeat {

std::optional<HostPort> SplitHostPort(std::string_view authority) {
  HostPort out;
  std::string_view rest;
  if (!authority.empty() && authority.front() == '[') {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    out.host = std::string(authority.substr(1, close - 1));
    out.bracketed = true;
    rest = authority.substr(close + 1);
    if (!rest.empty() && rest.front() != ':') return std::nullopt;
  } else {
    const auto colon = authority.rfind(':');
    out.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) rest = authority.substr(colon);
  }
  out.has_port = !rest.empty();
  if (out.has_port) out.port = std::string(rest.substr(1));
  return out;
}

std::optional<int> ParsePort(std::string_view text, int min) {
  if (text.empty() || text.size() > 5) return std::nullopt;
  int port = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    port = port * 10 + (c - '0');
  }
  if (port < min || port > 65535) return std::nullopt;
  return port;
}

}  // namespace heartbeat
