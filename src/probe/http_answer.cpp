#include "probe/http_answer.h"

#include <cstdlib>
#include <nlohmann/json.hpp>

#include "heartbeat/core/text.h"

namespace heartbeat {

namespace {

std::optional<std::string> Dechunk(const std::string& chunked) {
  std::string body;
  std::size_t at = 0;
  for (;;) {
    const std::size_t line_end = chunked.find("\r\n", at);
    if (line_end == std::string::npos) return std::nullopt;
    char* end = nullptr;
    const unsigned long size = std::strtoul(chunked.c_str() + at, &end, 16);
    if (end == chunked.c_str() + at) return std::nullopt;
    if (size == 0) return body;
    const std::size_t data = line_end + 2;
    if (size > chunked.size() - data) return std::nullopt;
    body.append(chunked, data, size);
    at = data + size + 2;
  }
}

}  // namespace

std::optional<HttpAnswer> ParseHttpAnswer(const std::string& raw) {
  if (raw.compare(0, 7, "HTTP/1.") != 0 || raw.size() < 12) return std::nullopt;
  const std::size_t head_end = raw.find("\r\n\r\n");
  if (head_end == std::string::npos) return std::nullopt;
  HttpAnswer answer;
  const std::string code = raw.substr(9, 3);
  for (char c : code) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  answer.status = std::atoi(code.c_str());
  bool chunked = false;
  std::size_t line = raw.find("\r\n") + 2;
  while (line < head_end) {
    const std::size_t line_end = raw.find("\r\n", line);
    const std::string header = raw.substr(line, line_end - line);
    line = line_end + 2;
    const std::size_t colon = header.find(':');
    if (colon == std::string::npos) continue;
    const std::string name = ToLower(header.substr(0, colon));
    std::string value = ToLower(header.substr(colon + 1));
    value.erase(0, value.find_first_not_of(" \t"));
    if (name == "content-type") answer.content_type = value.substr(0, value.find_first_of("; \t"));
    if (name == "transfer-encoding" && value.find("chunked") != std::string::npos) chunked = true;
  }
  answer.body = raw.substr(head_end + 4);
  if (chunked) {
    std::optional<std::string> body = Dechunk(answer.body);
    if (!body) return std::nullopt;
    answer.body = std::move(*body);
  }
  return answer;
}

bool HttpAnswerComplete(const std::string& raw, bool head_request) {
  const std::size_t head_end = raw.find("\r\n\r\n");
  if (head_end == std::string::npos) return false;
  const std::string head = ToLower(raw.substr(0, head_end + 2));
  const std::string code = raw.size() >= 12 ? raw.substr(9, 3) : "";
  if (code.empty()) return true;  // not HTTP: ParseHttpAnswer says so
  if (head_request || code[0] == '1' || code == "204" || code == "304") return true;
  const std::size_t body_size = raw.size() - head_end - 4;
  if (head.find("\r\ntransfer-encoding:") != std::string::npos &&
      head.find("chunked") != std::string::npos) {
    return raw.size() >= 5 && raw.compare(raw.size() - 5, 5, "0\r\n\r\n") == 0;
  }
  const std::size_t length = head.find("\r\ncontent-length:");
  if (length == std::string::npos) return false;
  const unsigned long long expected = std::strtoull(head.c_str() + length + 17, nullptr, 10);
  return body_size >= expected;
}

std::string HealthJsonStatus(const std::string& body) {
  const nlohmann::json document = nlohmann::json::parse(body, nullptr, false);
  if (!document.is_object()) return "";
  const auto status = document.find("status");
  if (status == document.end() || !status->is_string()) return "";
  const std::string value = ToLower(status->get<std::string>());
  if (value == "pass" || value == "ok" || value == "up") return "pass";
  if (value == "fail" || value == "error" || value == "down") return "fail";
  return value == "warn" ? "warn" : "";
}

}  // namespace heartbeat
