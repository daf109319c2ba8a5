#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "ctl/url.h"

namespace heartbeat::ctl {

struct PingOptions {
  std::chrono::milliseconds timeout{10'000};     // per attempt: connect, send and receive
  int retries = 3;                               // attempts after the first
  std::chrono::milliseconds first_backoff{500};  // doubled after every failed attempt
  std::string ca_file;                           // extra CA bundle for https; empty = system
};

// Sends healthchecks.io-style pings for one check. A monitoring outage must not
// fail the job being monitored, so Send never throws: it retries what may be
// temporary (no connection, timeouts, 429, 5xx) and reports what went wrong.
class Pinger {
 public:
  Pinger(HttpUrl ping_url, PingOptions options);

  // POSTs to <ping url>/<suffix>?rid=<rid> with `body` as text/plain. Returns
  // an empty string once the server accepted it (2xx), else a one-line reason.
  std::string Send(std::string_view suffix, std::string_view rid, const std::string& body) const;

  const HttpUrl& url() const { return url_; }

 private:
  // One attempt; sets `retryable` when trying again might succeed.
  std::string Attempt(const std::string& target, const std::string& body, bool& retryable) const;

  HttpUrl url_;
  PingOptions options_;
};

}  // namespace heartbeat::ctl
