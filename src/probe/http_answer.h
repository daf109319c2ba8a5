#pragma once

#include <optional>
#include <string>

namespace heartbeat {

// An HTTP/1.x answer as read off a connection the server closed.
struct HttpAnswer {
  int status = 0;
  std::string content_type;  // lower-case media type without parameters
  std::string body;          // de-chunked
};

// Empty when the bytes are not an HTTP/1.x answer (no status line, bad chunking).
std::optional<HttpAnswer> ParseHttpAnswer(const std::string& raw);

// True when `raw` holds a whole answer: the head and, by Content-Length or the
// last chunk, the body (a server may keep the connection open despite
// "Connection: close"). Without either, the answer ends when the server closes.
bool HttpAnswerComplete(const std::string& raw, bool head_request);

// The "status" of an application/health+json body: "pass", "warn", "fail" (the
// draft's aliases ok/up and error/down mapped), or empty when it is not such a document.
std::string HealthJsonStatus(const std::string& body);

}  // namespace heartbeat
