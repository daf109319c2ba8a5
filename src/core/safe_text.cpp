#include "heartbeat/core/safe_text.h"

#include <cstdio>

#include "heartbeat/core/validation.h"

namespace heartbeat {

namespace {

void AppendEscaped(std::string& out, std::string_view text, std::size_t at, std::size_t length) {
  char code[16];
  if (length == 1 && text[at] == '\n') {
    out += "\\n";
  } else if (length == 1 && text[at] == '\t') {
    out += "\\t";
  } else if (length == 1 && text[at] == '\r') {
    out += "\\r";
  } else if (length == 2) {  // C1: U+0080..U+009F
    std::snprintf(code, sizeof(code), "\\u%04x", static_cast<unsigned char>(text[at + 1]));
    out += code;
  } else {  // C0, DEL, or a byte that starts no UTF-8 sequence
    std::snprintf(code, sizeof(code), "\\x%02x", static_cast<unsigned char>(text[at]));
    out += code;
  }
}

}  // namespace

std::string SafeText(std::string_view text, std::size_t max_chars) {
  std::string out;
  std::size_t shown = 0;
  for (std::size_t at = 0; at < text.size(); ++shown) {
    if (shown == max_chars) return out + "\u2026";  // …
    const std::size_t length = Utf8SequenceLength(text, at);
    if (length == 0 || IsControlCharacter(text, at, length)) {
      AppendEscaped(out, text, at, length == 0 ? 1 : length);
      at += length == 0 ? 1 : length;
    } else {
      out.append(text, at, length);
      at += length;
    }
  }
  return out;
}

std::string QuotedForMessage(std::string_view value, std::size_t max_chars) {
  return "\"" + SafeText(value, max_chars) + "\"";
}

}  // namespace heartbeat
