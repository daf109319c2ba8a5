#pragma once

#include <httplib.h>

#include <string>
#include <string_view>
#include <vector>

#include "http/context.h"

namespace heartbeat::http {

// GET routes also answer HEAD (httplib drops the body). PUT and OPTIONS are for
// Uptime Kuma's push URL, which takes any method.
enum class Method { kGet, kPost, kPut, kPatch, kDelete, kOptions };

// Whose credentials a route checks.
enum class Auth {
  kToken,        // the application's token, checked by the handler (/ping/<token>, /signal)
  kAdminBearer,  // the admin token as "Authorization: Bearer", checked before the handler
  kBasic,        // none of its own: basic auth from --web.config.file when it defines users
  kPublic,       // none at all, even with basic auth on: public status pages and their assets
};

// How a request body is read before the handler runs.
enum class BodyPolicy {
  kLimited,   // up to ServerOptions::request_limit, else 413
  kTailKept,  // any size, streamed; the last --signal.body-limit bytes are kept (pings)
};

// One row of a route table: everything about a route lives here, and the
// registration, the `handler` label of the metrics, the credentials and the
// body policy are all derived from the rows.
struct Route {
  Method method;
  std::string pattern;  // httplib's regular expression over the path
  std::string label;    // the `handler` label of heartbeat_exporter_http_* metrics
  Auth auth;
  BodyPolicy body = BodyPolicy::kLimited;
  bool plain_text_errors = false;  // healthchecks.io answers text, not JSON
  httplib::Server::Handler handler;
  // Set instead of `handler` on POST routes that stream their body themselves.
  httplib::Server::HandlerWithContentReader streaming_handler;
  // Answered from memory without waiting (a ping's commit is deferred,
  // deferred_answer.h): served on the connection thread that read it. Every
  // other route may wait (a commit, a reader query, a big answer to a slow
  // client) and is handed to the pool of --web.worker-threads.
  bool never_waits = false;
};

// What the tables say about any path, served by a route or not.
struct PathClass {
  // A copy, not a view of the row's label: the rows move (vector growth, and
  // short labels live inside the std::string), which left views dangling and
  // put garbage into the `handler` label of the request metrics.
  std::string label = "other";
  Auth auth = Auth::kBasic;
  BodyPolicy body = BodyPolicy::kLimited;
  bool plain_text_errors = false;
  bool never_waits = false;
};

class RouteTable {
 public:
  // Adds one API surface's rows; earlier rows are tried first by httplib.
  void Add(std::vector<Route> rows);
  void RegisterOn(httplib::Server& server, const HttpContext& context) const;

  // A path belongs to the row whose pattern it matches literally (a pattern
  // without regex syntax) or to the row with the longest literal prefix that
  // ends in '/' and starts the path ("/ping/" of "/ping/([^/]+)..."); other
  // paths are "other" with basic auth. Cheap: string compares, no regex.
  PathClass Classify(const std::string& path) const;

 private:
  struct Prefix {
    std::string literal;
    bool exact;
    PathClass path_class;
  };
  std::vector<Route> rows_;
  std::vector<Prefix> prefixes_;
};

}  // namespace heartbeat::http
