#include "http/uptime_kuma_push.h"

#include <cctype>
#include <cmath>
#include <cstdlib>

namespace heartbeat::http {

namespace {

constexpr double kMaxPingMilliseconds = 1e11;

std::string Parameter(const std::map<std::string, std::string>& parameters, const char* name) {
  const auto it = parameters.find(name);
  return it == parameters.end() ? "" : it->second;
}

}  // namespace

// Uptime Kuma reads `ping` with JavaScript's parseFloat: the longest number at
// the start of the text counts ("12ms" is 12), and text with no number at all,
// like the empty `ping=` of its own example URL, is NaN: no value.
double ParseFloatPrefix(const std::string& text) {
  std::size_t start = 0;
  while (start < text.size() && std::isspace(static_cast<unsigned char>(text[start]))) ++start;
  const std::string rest = text.substr(start);
  if (rest.rfind("Infinity", 0) == 0 || rest.rfind("+Infinity", 0) == 0) return HUGE_VAL;
  if (rest.rfind("-Infinity", 0) == 0) return -HUGE_VAL;
  // strtod would also read hex ("0x10") and "inf"/"nan", which parseFloat does not.
  std::size_t end = 0;
  if (end < rest.size() && (rest[end] == '+' || rest[end] == '-')) ++end;
  const std::size_t digits_start = end;
  while (end < rest.size() && std::isdigit(static_cast<unsigned char>(rest[end]))) ++end;
  if (end < rest.size() && rest[end] == '.') ++end;
  while (end < rest.size() && std::isdigit(static_cast<unsigned char>(rest[end]))) ++end;
  const std::string mantissa = rest.substr(digits_start, end - digits_start);
  if (mantissa.empty() || mantissa == ".") return std::nan("");
  if (end < rest.size() && (rest[end] == 'e' || rest[end] == 'E')) {
    std::size_t exponent = end + 1;
    if (exponent < rest.size() && (rest[exponent] == '+' || rest[exponent] == '-')) ++exponent;
    if (exponent < rest.size() && std::isdigit(static_cast<unsigned char>(rest[exponent]))) {
      end = exponent;
      while (end < rest.size() && std::isdigit(static_cast<unsigned char>(rest[end]))) ++end;
    }
  }
  return std::strtod(rest.substr(0, end).c_str(), nullptr);
}

KumaPush ParseKumaPush(const std::map<std::string, std::string>& query) {
  KumaPush push;
  const std::string status = Parameter(query, "status");
  push.requested = (status.empty() || status == "up") ? SignalKind::kOk : SignalKind::kFail;
  const std::string message = Parameter(query, "msg");
  push.message = message.empty() ? "OK" : message;
  // `parseFloat(ping) || null`: no number, and 0, both mean no value.
  const double ping = ParseFloatPrefix(Parameter(query, "ping"));
  if (std::isnan(ping) || ping == 0) return push;
  if (ping < 0 || ping > kMaxPingMilliseconds) {
    push.error = "Invalid ping value. Must be between 0 and 100000000000 ms.";
    return push;
  }
  push.duration_seconds = ping / 1000.0;
  return push;
}

}  // namespace heartbeat::http
