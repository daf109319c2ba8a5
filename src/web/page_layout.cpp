#include "web/page_layout.h"

#include <cctype>
#include <optional>

#include "heartbeat/core/timestamp.h"
#include "heartbeat/web/html.h"
#include "heartbeat/web/pages.h"
#include "web/assets.h"

namespace heartbeat::web {

std::string PageStart(const std::string& title, const std::string& nav_html) {
  std::string page =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<title>" +
      Escape(title) +
      "</title><link rel=\"stylesheet\" href=\"/static/heartbeat.css\">"
      "<script src=\"/static/heartbeat.js\" defer></script></head>\n<body>\n<header><h1>" +
      Escape(title) + "</h1>";
  if (!nav_html.empty()) page += "<nav aria-label=\"Exporter\">" + nav_html + "</nav>";
  return page + "</header>\n<main>\n";
}

std::string PageEnd(const std::string& footer_html) {
  return "</main>\n<footer>" + footer_html + "</footer>\n</body></html>\n";
}

std::string StateBadge(State state) {
  const std::string name = StateName(state);
  return "<span class=\"state state-" + name + "\">" + name + "</span>";
}

std::string TimeElement(const std::optional<TimePoint>& time, const char* missing) {
  if (!time) return missing;
  const std::string iso = FormatTimestamp(*time);  // 2026-06-01T12:00:00.000Z
  // Shown to the second with a space, like heartbeatctl: "2026-06-01 12:00:00Z".
  const std::string shown =
      iso.size() == 24 ? iso.substr(0, 10) + " " + iso.substr(11, 8) + "Z" : iso;
  return "<time datetime=\"" + Escape(iso) + "\">" + Escape(shown) + "</time>";
}

std::string PathSegment(const std::string& text) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string encoded;
  for (const unsigned char c : text) {
    if (std::isalnum(c) || c == '.' || c == '_' || c == '-') {
      encoded += static_cast<char>(c);
    } else {
      encoded += '%';
      encoded += kHex[c >> 4];
      encoded += kHex[c & 15];
    }
  }
  return encoded;
}

const char* Stylesheet() { return kStylesheet; }
const char* Script() { return kScript; }

std::string MessagePage(const std::string& title, const std::string& sentence) {
  return PageStart(title, "<a href=\"/\">Overview</a>") + "<p>" + Escape(sentence) + "</p>\n" +
         PageEnd("");
}

}  // namespace heartbeat::web
