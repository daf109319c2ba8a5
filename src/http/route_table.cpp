#include "http/route_table.h"

#include <cctype>

#include "heartbeat/core/text.h"
#include "http/request_helpers.h"

namespace heartbeat::http {

namespace {

// The text a pattern matches literally before any regex syntax ("\\." is a
// literal dot); `exact` when the whole pattern is literal.
std::string LiteralPrefix(const std::string& pattern, bool& exact) {
  std::string literal;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '\\' && i + 1 < pattern.size() &&
        !std::isalnum(static_cast<unsigned char>(pattern[i + 1]))) {
      literal += pattern[++i];
    } else if (std::string_view("()[]{}\\.*+?|^$").find(c) != std::string_view::npos) {
      exact = false;
      return literal;
    } else {
      literal += c;
    }
  }
  exact = true;
  return literal;
}

httplib::Server::Handler Guard(const HttpContext& context, httplib::Server::Handler handler) {
  return [&context, handler = std::move(handler)](const httplib::Request& req,
                                                  httplib::Response& res) {
    if (Authorize(context, req, res)) handler(req, res);
  };
}

}  // namespace

void RouteTable::Add(std::vector<Route> rows) {
  for (Route& row : rows) {
    Prefix prefix;
    prefix.literal = LiteralPrefix(row.pattern, prefix.exact);
    prefix.path_class = {row.label, row.auth, row.body, row.plain_text_errors, row.never_waits};
    if (prefix.exact || (!prefix.literal.empty() && prefix.literal.back() == '/'))
      prefixes_.push_back(std::move(prefix));
    rows_.push_back(std::move(row));
  }
}

void RouteTable::RegisterOn(httplib::Server& server, const HttpContext& context) const {
  for (const Route& row : rows_) {
    if (row.streaming_handler) {
      server.Post(row.pattern, row.streaming_handler);  // only POST routes stream their body
      continue;
    }
    httplib::Server::Handler handler =
        row.auth == Auth::kAdminBearer ? Guard(context, row.handler) : row.handler;
    switch (row.method) {
      case Method::kGet:
        server.Get(row.pattern, std::move(handler));
        break;
      case Method::kPost:
        server.Post(row.pattern, std::move(handler));
        break;
      case Method::kPut:
        server.Put(row.pattern, std::move(handler));
        break;
      case Method::kPatch:
        server.Patch(row.pattern, std::move(handler));
        break;
      case Method::kDelete:
        server.Delete(row.pattern, std::move(handler));
        break;
      case Method::kOptions:
        server.Options(row.pattern, std::move(handler));
        break;
    }
  }
}

PathClass RouteTable::Classify(const std::string& path) const {
  const Prefix* best = nullptr;
  for (const Prefix& prefix : prefixes_) {
    const bool matches = prefix.exact ? path == prefix.literal : StartsWith(path, prefix.literal);
    if (matches && (!best || (prefix.exact && !best->exact) ||
                    (prefix.exact == best->exact && prefix.literal.size() > best->literal.size())))
      best = &prefix;
  }
  return best ? best->path_class : PathClass{};
}

}  // namespace heartbeat::http
