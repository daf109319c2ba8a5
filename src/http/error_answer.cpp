#include "http/error_answer.h"

#include <nlohmann/json.hpp>

namespace heartbeat::http {

namespace {

const char* Reason(int status) {
  switch (status) {
    case 400:
      return "Bad Request";
    case 408:
      return "Request Timeout";
    case 411:
      return "Length Required";
    case 413:
      return "Payload Too Large";
    case 414:
      return "URI Too Long";
    case 415:
      return "Unsupported Media Type";
    case 431:
      return "Request Header Fields Too Large";
    case 503:
      return "Service Unavailable";
    default:
      return "Internal Server Error";
  }
}

}  // namespace

std::string ErrorAnswer(int status, const std::string& sentence, bool plain_text) {
  const std::string body = plain_text
                               ? sentence
                               : nlohmann::json{{"error", sentence}}.dump(
                                     -1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::string answer =
      "HTTP/1.1 " + std::to_string(status) + " " + Reason(status) + "\r\nContent-Type: ";
  answer += plain_text ? "text/plain; charset=utf-8" : "application/json; charset=utf-8";
  answer +=
      "\r\nContent-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
  return answer;
}

}  // namespace heartbeat::http
