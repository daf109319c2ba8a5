#include "heartbeat/core/validation.h"

#include "heartbeat/core/duration.h"

namespace heartbeat {
std::size_t Utf8SequenceLength(std::string_view text, std::size_t at) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(at);
  if (lead < 0x80) return 1;
  std::size_t length = 0;
  unsigned char low = 0x80, high = 0xBF;  // allowed range of the second byte
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    return 0;
  }
  if (at + length > text.size()) return 0;
  if (byte(at + 1) < low || byte(at + 1) > high) return 0;
  for (std::size_t i = 2; i < length; ++i) {
    if (byte(at + i) < 0x80 || byte(at + i) > 0xBF) return 0;
  }
  return length;
}

bool IsControlCharacter(std::string_view text, std::size_t at, std::size_t length) {
  const auto lead = static_cast<unsigned char>(text[at]);
  if (length == 1) return lead < 0x20 || lead == 0x7F;
  // U+0080..U+009F are encoded C2 80..C2 9F.
  return length == 2 && lead == 0xC2 && static_cast<unsigned char>(text[at + 1]) <= 0x9F;
}

bool IsValidUtf8(std::string_view text) {
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t length = Utf8SequenceLength(text, at);
    if (length == 0) return false;
    at += length;
  }
  return true;
}

std::string ToValidUtf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t length = Utf8SequenceLength(text, at);
    if (length == 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD REPLACEMENT CHARACTER
      ++at;
    } else {
      out.append(text, at, length);
      at += length;
    }
  }
  return out;
}

std::string CheckLabelValue(std::string_view value, std::size_t max_bytes) {
  if (value.size() > max_bytes) {
    return "is " + std::to_string(value.size()) + " bytes long; at most " +
           std::to_string(max_bytes) + " are allowed";
  }
  for (std::size_t at = 0; at < value.size();) {
    const std::size_t length = Utf8SequenceLength(value, at);
    if (length == 0) return "is not valid UTF-8";
    if (IsControlCharacter(value, at, length)) {
      return "contains a control character (byte " + std::to_string(at) + ")";
    }
    at += length;
  }
  return "";
}

std::string CheckTeam(std::string_view team) { return CheckLabelValue(team, kMaxTeamBytes); }

std::string CheckDuration(Seconds duration) {
  if (duration < Seconds(0)) return "must not be negative";
  if (duration > kMaxDuration) return "must be at most 100y";
  return "";
}

std::string CheckToken(std::string_view token) {
  if (token.size() < kMinTokenLength || token.size() > kMaxTokenLength) {
    return "must have " + std::to_string(kMinTokenLength) + " to " +
           std::to_string(kMaxTokenLength) + " characters";
  }
  for (unsigned char c : token) {
    if (c <= ' ' || c >= 0x7F || c == '/' || c == '?' || c == '#' || c == '%') {
      return "may use printable ASCII characters except / ? # % and spaces";
    }
  }
  return "";
}

}  // namespace heartbeat
