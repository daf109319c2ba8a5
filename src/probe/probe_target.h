#pragma once

#include <optional>
#include <string>

namespace heartbeat {

// A probe URL taken apart for the checker.
struct ProbeTarget {
  enum class Scheme { kHttp, kHttps, kTcp };
  Scheme scheme = Scheme::kHttp;
  std::string host;       // without brackets for IPv6
  int port = 0;           // the scheme's default when the URL has none
  std::string authority;  // host[:port] as written: the Host header
  std::string target;     // path and query, "/" when empty
};

// Empty when the URL is not one CheckProbeUrl accepts.
std::optional<ProbeTarget> ParseProbeTarget(const std::string& url);

}  // namespace heartbeat
