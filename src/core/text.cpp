#include "heartbeat/core/text.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>

namespace heartbeat {

std::string ToLower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string ToUpper(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

std::string TrimRight(std::string_view text) {
  while (!text.empty() && IsAsciiSpace(text.back())) text.remove_suffix(1);
  return std::string(text);
}

std::string Trim(std::string_view text) {
  while (!text.empty() && IsAsciiSpace(text.front())) text.remove_prefix(1);
  return TrimRight(text);
}

std::optional<std::string> ReadAtMost(std::istream& in, std::size_t max_bytes) {
  std::string content(max_bytes + 1, '\0');
  in.read(content.data(), static_cast<std::streamsize>(content.size()));
  content.resize(static_cast<std::size_t>(in.gcount()));
  if (content.size() > max_bytes) return std::nullopt;
  return content;
}

std::string ReadSecretFile(const std::string& path, const std::string& what,
                           std::size_t max_bytes) {
  std::ifstream file(path, std::ios::binary);
  std::optional<std::string> content;
  if (file) content = ReadAtMost(file, max_bytes);
  if (!file && !file.eof()) {
    throw std::runtime_error("cannot read the " + what + " " + path + ": " + std::strerror(errno));
  }
  if (!content) {
    throw std::runtime_error("the " + what + " " + path + " is larger than " +
                             std::to_string(max_bytes) + " bytes; it should hold one token");
  }
  std::string secret = Trim(*content);
  if (secret.empty()) throw std::runtime_error("the " + what + " " + path + " is empty");
  return secret;
}

}  // namespace heartbeat
