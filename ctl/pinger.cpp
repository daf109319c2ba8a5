#include "ctl/pinger.h"

#include <thread>
#include <utility>

#include "ctl/http.h"

namespace heartbeat::ctl {
namespace {

// The first line of a server's answer, bounded, for a one-line warning.
std::string FirstLine(const std::string& body) {
  std::string line = body.substr(0, body.find_first_of("\r\n"));
  if (line.size() > 200) line = line.substr(0, 200) + "...";
  return line;
}

}  // namespace

Pinger::Pinger(HttpUrl ping_url, PingOptions options)
    : url_(std::move(ping_url)), options_(std::move(options)) {}

std::string Pinger::Send(std::string_view suffix, std::string_view rid,
                         const std::string& body) const {
  const std::string target = PingTarget(url_, suffix, rid);
  auto backoff = options_.first_backoff;
  std::string reason;
  for (int attempt = 0; attempt <= options_.retries; ++attempt) {
    if (attempt > 0) {
      std::this_thread::sleep_for(backoff);
      backoff *= 2;
    }
    bool retryable = false;
    reason = Attempt(target, body, retryable);
    if (reason.empty()) return reason;
    if (!retryable) break;
  }
  return reason;
}

std::string Pinger::Attempt(const std::string& target, const std::string& body,
                            bool& retryable) const {
  auto client = MakeHttpClient(url_, options_.timeout, options_.ca_file);
  httplib::Headers headers = {{"User-Agent", "heartbeatctl"}};
  auto result = client->Post(target.c_str(), headers, body, "text/plain");
  if (!result) {
    retryable = true;
    return DescribeTransportError(result.error(), url_);
  }
  const int status = result->status;
  if (status >= 200 && status < 300) return {};
  retryable = status == 429 || status >= 500;
  std::string reason = "server answered " + std::to_string(status);
  const std::string detail = FirstLine(result->body);
  if (!detail.empty()) reason += ": " + detail;
  return reason;
}

}  // namespace heartbeat::ctl
