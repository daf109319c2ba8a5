#pragma once

#include <string>
#include <string_view>

namespace heartbeat::ctl {

// An http(s) URL split the way an HTTP client needs it: where to connect
// (origin) and what to ask for (path and query).
struct HttpUrl {
  std::string scheme;  // "http" or "https"
  std::string host;    // IPv6 literals keep their brackets
  int port = 0;
  std::string path;   // "" or starting with '/'
  std::string query;  // without '?'

  // "scheme://host:port", what httplib::Client is constructed with.
  std::string Origin() const;
};

// Throws std::invalid_argument with a sentence naming the problem: only http and
// https are supported, and the URL must have a host.
HttpUrl ParseHttpUrl(std::string_view url);

// The request target for a healthchecks.io-style ping: the ping URL's path with
// "/<suffix>" appended (none for a plain success ping), its query kept, and
// rid=<rid> added when given. A trailing slash on the ping URL is ignored.
std::string PingTarget(const HttpUrl& ping_url, std::string_view suffix, std::string_view rid);

// The request target for a management API path under the server URL, so a
// server published under a prefix (https://host/heartbeat) works too.
std::string ApiTarget(const HttpUrl& server_url, std::string_view api_path);

// Percent-encodes everything outside RFC 3986 unreserved characters.
std::string PercentEncode(std::string_view text);

// "/api/v1/applications/<name>" plus "/<action>" when given, the name encoded.
std::string ApplicationPath(std::string_view name, std::string_view action = "");

// Quotes a word for a POSIX shell only when it needs it, so printed example
// command lines can be pasted as they are.
std::string ShellQuote(std::string_view word);

}  // namespace heartbeat::ctl
