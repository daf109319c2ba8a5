#include "heartbeat/web/html.h"

#include <cmath>
#include <cstdio>

namespace heartbeat::web {

std::string Escape(std::string_view text) {
  std::string escaped;
  escaped.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        escaped += "&amp;";
        break;
      case '<':
        escaped += "&lt;";
        break;
      case '>':
        escaped += "&gt;";
        break;
      case '"':
        escaped += "&quot;";
        break;
      case '\'':
        escaped += "&#39;";
        break;
      default:
        escaped += c;
    }
  }
  return escaped;
}

std::string Percent(const std::optional<double>& share) {
  if (!share || !std::isfinite(*share)) return "-";
  // Truncated, not rounded: 99.999% up must not read as 100%.
  const double hundredths = std::floor(*share * 10000.0) / 100.0;
  char text[32];
  std::snprintf(text, sizeof text, "%.2f%%", hundredths);
  return text;
}

}  // namespace heartbeat::web
