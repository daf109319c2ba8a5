#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace heartbeat {

// An authority split into host and port: "host:port", "[v6]:port", "host".
struct HostPort {
  std::string host;  // without IPv6 brackets; may be empty (":9799")
  std::string port;  // the text after the colon; empty when there is none
  bool has_port = false;
  bool bracketed = false;  // the host was written as an [IPv6] literal
};

// nullopt when the shape is wrong: an unclosed bracket, or junk after "]".
// An unbracketed host ends at the last colon, so "::1:80" is host "::1".
std::optional<HostPort> SplitHostPort(std::string_view authority);

// A decimal port from `min` to 65535, or nullopt.
std::optional<int> ParsePort(std::string_view text, int min = 1);

}  // namespace heartbeat
