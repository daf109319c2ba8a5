// Local build shim until main has duration.cpp / application.cpp. Never committed.
#include <stdexcept>
#include <string>
#include "heartbeat/application.h"
#include "heartbeat/duration.h"
namespace heartbeat {
Seconds ParseDuration(std::string_view text) {
  if (text.empty()) throw std::invalid_argument("empty duration");
  long long total = 0, n = 0; bool digits = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c >= '0' && c <= '9') { n = n * 10 + (c - '0'); digits = true; continue; }
    if (!digits) throw std::invalid_argument("bad duration");
    long long m = c == 's' ? 1 : c == 'm' ? 60 : c == 'h' ? 3600 : c == 'd' ? 86400 : c == 'w' ? 604800 : -1;
    if (m < 0) throw std::invalid_argument("bad duration '" + std::string(text) + "'");
    total += n * m; n = 0; digits = false;
  }
  return Seconds(total + n);
}
std::string FormatDuration(Seconds d) {
  long long s = d.count(); if (s == 0) return "0s"; std::string out;
  for (auto [m, u] : {std::pair<long long, const char*>{604800, "w"}, {86400, "d"}, {3600, "h"}, {60, "m"}, {1, "s"}})
    if (s >= m) { out += std::to_string(s / m) + u; s %= m; }
  return out;
}
bool IsValidApplicationName(const std::string& name) {
  return std::regex_match(name, std::regex("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"));
}
}
