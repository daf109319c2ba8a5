#pragma once

#include <chrono>
#include <functional>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "ctl/url.h"

namespace heartbeat::ctl {

// The server refused a request or could not be reached (exit status 1). The
// message is the server's own {"error": "..."} sentence when it sent one.
class ApiError : public std::runtime_error {
 public:
  ApiError(int status, const std::string& message) : std::runtime_error(message), status_(status) {}
  int status() const { return status_; }  // HTTP status, 0 when there was no answer

 private:
  int status_;
};

struct ApiClientOptions {
  HttpUrl server;           // --url; a path prefix is kept in front of every API path
  std::string admin_token;  // sent as a Bearer token; empty for the unauthenticated /signal
  std::chrono::milliseconds timeout{30'000};
  std::string ca_file;
};

// JSON over HTTP(S) to the heartbeat_exporter API. Every method returns the
// parsed answer of a 2xx response (null for an empty body) and throws ApiError
// otherwise.
class ApiClient {
 public:
  explicit ApiClient(ApiClientOptions options);

  nlohmann::json Get(const std::string& path) const;
  nlohmann::json Post(const std::string& path, const nlohmann::json& body) const;
  nlohmann::json Patch(const std::string& path, const nlohmann::json& body) const;
  nlohmann::json Delete(const std::string& path) const;
  // A form-encoded POST (application/x-www-form-urlencoded), as statuscope clients send.
  nlohmann::json PostForm(const std::string& path,
                          const std::vector<std::pair<std::string, std::string>>& fields) const;

  // A bodiless POST whose 2xx answer body goes to `receive` piece by piece (a
  // download too large to hold); `receive` returns false to abort. Throws
  // ApiError for a non-2xx answer (with the server's sentence) or no answer.
  void PostStreaming(const std::string& path,
                     const std::function<bool(const char* data, std::size_t size)>& receive) const;

  const ApiClientOptions& options() const { return options_; }

 private:
  nlohmann::json Send(const std::string& method, const std::string& path, const std::string& body,
                      const std::string& content_type) const;

  ApiClientOptions options_;
};

// The sentence to show for a non-2xx answer: the "error" member of a JSON
// body, else the body's first line, else the bare status.
std::string ErrorSentence(int status, const std::string& body);

}  // namespace heartbeat::ctl
