#include "ctl/url.h"

#include <cctype>
#include <optional>
#include <stdexcept>

#include "heartbeat/core/host_port.h"
#include "heartbeat/core/text.h"

namespace heartbeat::ctl {
namespace {

bool IsUnreserved(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_' ||
         c == '~';
}

}  // namespace

std::string HttpUrl::Origin() const { return scheme + "://" + host + ":" + std::to_string(port); }

namespace {

// Sets host and port of `out` from the URL's authority, or throws.
void ParseAuthority(std::string_view authority, const std::string& quoted, HttpUrl& out) {
  if (authority.find('@') != std::string_view::npos) {
    throw std::invalid_argument("the URL " + quoted +
                                " carries user credentials, which are not supported");
  }
  const std::optional<HostPort> split = SplitHostPort(authority);
  if (!split) {
    throw std::invalid_argument("the URL " + quoted +
                                " has a malformed IPv6 address (write it as [::1]:9799)");
  }
  if (split->host.empty()) throw std::invalid_argument("the URL " + quoted + " has no host");
  // httplib::Client wants IPv6 literals in brackets.
  out.host = split->bracketed ? "[" + split->host + "]" : split->host;
  if (!split->has_port || split->port.empty()) {
    out.port = out.scheme == "https" ? 443 : 80;
    return;
  }
  const std::optional<int> port = ParsePort(split->port);
  if (!port) {
    throw std::invalid_argument("the URL " + quoted + " has an invalid port '" + split->port + "'");
  }
  out.port = *port;
}

}  // namespace

HttpUrl ParseHttpUrl(std::string_view url) {
  const std::string quoted = "'" + std::string(url) + "'";
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) {
    throw std::invalid_argument("the URL " + quoted +
                                " has no scheme; write it as http://host:port/... or https://...");
  }
  HttpUrl out;
  out.scheme = ToLower(url.substr(0, scheme_end));
  if (out.scheme != "http" && out.scheme != "https") {
    throw std::invalid_argument("the URL " + quoted + " uses '" + out.scheme +
                                "'; only http and https are supported");
  }
  std::string_view rest = url.substr(scheme_end + 3);
  const auto authority_end = rest.find_first_of("/?#");
  ParseAuthority(rest.substr(0, authority_end), quoted, out);
  rest = authority_end == std::string_view::npos ? std::string_view() : rest.substr(authority_end);
  rest = rest.substr(0, rest.find('#'));  // a fragment is never sent to the server
  const auto query_start = rest.find('?');
  out.path = std::string(rest.substr(0, query_start));
  if (query_start != std::string_view::npos) out.query = std::string(rest.substr(query_start + 1));
  return out;
}

std::string PingTarget(const HttpUrl& ping_url, std::string_view suffix, std::string_view rid) {
  std::string target = ping_url.path;
  while (!target.empty() && target.back() == '/') target.pop_back();
  if (!suffix.empty()) {
    target += '/';
    target += suffix;
  }
  if (target.empty()) target = "/";
  std::string query = ping_url.query;
  if (!rid.empty()) {
    if (!query.empty()) query += '&';
    query += "rid=" + PercentEncode(rid);
  }
  if (!query.empty()) target += "?" + query;
  return target;
}

std::string ApiTarget(const HttpUrl& server_url, std::string_view api_path) {
  std::string target = server_url.path;
  while (!target.empty() && target.back() == '/') target.pop_back();
  target += api_path;
  return target;
}

std::string PercentEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (IsUnreserved(c)) {
      out.push_back(c);
    } else {
      const auto byte = static_cast<unsigned char>(c);
      out.push_back('%');
      out.push_back(kHex[byte >> 4]);
      out.push_back(kHex[byte & 0x0F]);
    }
  }
  return out;
}

std::string ApplicationPath(std::string_view name, std::string_view action) {
  std::string path = "/api/v1/applications/" + PercentEncode(name);
  if (!action.empty()) {
    path += '/';
    path += action;
  }
  return path;
}

std::string ShellQuote(std::string_view word) {
  bool plain = !word.empty();
  for (char c : word) {
    if (!std::isalnum(static_cast<unsigned char>(c)) &&
        std::string_view("-_./:=@%+,").find(c) == std::string_view::npos) {
      plain = false;
      break;
    }
  }
  if (plain) return std::string(word);
  std::string out = "'";
  for (char c : word) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out.push_back(c);
    }
  }
  out += "'";
  return out;
}

}  // namespace heartbeat::ctl
