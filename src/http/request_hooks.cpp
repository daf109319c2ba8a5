#include "http/request_hooks.h"

#include <chrono>

#include "heartbeat/log/logging.h"
#include "http/request_helpers.h"

namespace heartbeat::http {

namespace {

using Clock = std::chrono::steady_clock;
using HandlerResponse = httplib::Server::HandlerResponse;

// A worker thread serves one connection at a time and one request at a time on
// it, so when it started waiting for the current request can live in a
// thread_local. It is set when the worker takes up a connection and after each
// answer, and again when pre-routing sees the parsed request. A request the
// parser rejects (unknown method, URI over 8192 bytes, header line too long)
// never reaches pre-routing and is timed from when the worker started waiting
// for it; it used to be timed from whatever the thread last stored, or from the
// clock's epoch on a fresh thread (a 573 s sum was seen under handler="other").
thread_local Clock::time_point t_request_started = Clock::now();

class TimedWorkerPool : public httplib::TaskQueue {
 public:
  explicit TimedWorkerPool(int threads) : pool_(static_cast<std::size_t>(threads)) {}
  void enqueue(std::function<void()> connection) override {
    pool_.enqueue([connection = std::move(connection)] {
      t_request_started = Clock::now();
      connection();
    });
  }
  void shutdown() override { pool_.shutdown(); }

 private:
  httplib::ThreadPool pool_;
};

// Body framing and size, for paths whose body is not streamed. Returns false
// after answering.
bool CheckBodyFraming(const HttpContext& context, const httplib::Request& req,
                      httplib::Response& res) {
  if (req.get_header_value("Transfer-Encoding").find("chunked") != std::string::npos) {
    ReplyError(res, 411, "send the request body with a Content-Length header");
    return false;
  }
  const std::string length = req.get_header_value("Content-Length");
  if (length.empty() && (req.method == "POST" || req.method == "PUT" || req.method == "PATCH")) {
    // httplib 0.11 answers 400 to a bodiless POST without Content-Length, which
    // is what `curl -X POST .../pause` sends. The request object is httplib's
    // own mutable local; the handler only ever gets it as const.
    const_cast<httplib::Request&>(req).headers.emplace("Content-Length", "0");
    return true;
  }
  if (!length.empty() && length.find_first_not_of("0123456789") != std::string::npos) {
    ReplyError(res, 400, "the Content-Length header is not a number");
    return false;
  }
  if (!length.empty() &&
      (length.size() > 15 || std::stoull(length) > context.options.request_limit)) {
    ReplyError(res, 413,
               "the request body is larger than " + std::to_string(context.options.request_limit) +
                   " bytes");
    return false;
  }
  return true;
}

HandlerResponse PreRoute(HttpContext& context, const RouteTable& routes,
                         const httplib::Request& req, httplib::Response& res) {
  t_request_started = Clock::now();
  const PathClass path = routes.Classify(req.path);
  const auto& basic_auth = context.basic_auth;
  if (path.auth == Auth::kBasic && basic_auth) {
    const auto result = basic_auth->Check(req.get_header_value("Authorization"), req.remote_addr);
    if (result.outcome == BasicAuthenticator::Outcome::kThrottled) {
      res.set_header("Retry-After", std::to_string(result.retry_after_seconds));
      ReplyError(res, 429,
                 "too many failed logins from this address; retry in " +
                     std::to_string(result.retry_after_seconds) + " s");
      return HandlerResponse::Handled;
    }
    if (result.outcome == BasicAuthenticator::Outcome::kDenied) {
      res.set_header("WWW-Authenticate", "Basic realm=\"heartbeat_exporter\"");
      ReplyError(res, 401, "this endpoint needs the basic-auth credentials of --web.config.file");
      return HandlerResponse::Handled;
    }
  }
  if (path.body == BodyPolicy::kTailKept) return HandlerResponse::Unhandled;  // streamed
  return CheckBodyFraming(context, req, res) ? HandlerResponse::Unhandled
                                             : HandlerResponse::Handled;
}

void AnswerError(const RouteTable& routes, const httplib::Request& req, httplib::Response& res) {
  if (!res.body.empty()) return;
  if (routes.Classify(req.path).plain_text_errors) {
    ReplyText(res, res.status, res.status == 404 ? "not found" : "bad request");
  } else if (res.status == 404) {
    ReplyError(res, 404, "no endpoint " + req.method + " " + req.path);
  } else if (res.status == 413) {
    ReplyError(res, 413, "the request is too large");
  } else if (res.status == 400) {
    ReplyError(res, 400, "the request is malformed");
  } else {
    ReplyError(res, res.status, "the request could not be served");
  }
}

void AnswerException(const httplib::Request& req, httplib::Response& res,
                     std::exception_ptr error) {
  std::string what = "unknown error";
  try {
    if (error) std::rethrow_exception(error);
  } catch (const std::exception& e) {
    what = e.what();
  } catch (...) {
  }
  LogError("request failed", {{"method", req.method}, {"path", req.path}, {"err", what}});
  ReplyError(res, 500, "internal error while serving the request; it was logged");
}

}  // namespace

httplib::TaskQueue* NewTimedWorkerPool(int threads) { return new TimedWorkerPool(threads); }

void InstallRequestHooks(httplib::Server& server, HttpContext& context, const RouteTable& routes) {
  server.set_pre_routing_handler(
      [&context, &routes](const httplib::Request& req, httplib::Response& res) {
        return PreRoute(context, routes, req, res);
      });
  server.set_error_handler([&routes](const httplib::Request& req, httplib::Response& res) {
    AnswerError(routes, req, res);
  });
  server.set_exception_handler(AnswerException);
  server.set_logger([&context, &routes](const httplib::Request& req, const httplib::Response& res) {
    const Clock::time_point now = Clock::now();
    const double seconds = std::chrono::duration<double>(now - t_request_started).count();
    context.self_metrics.ObserveRequest(std::string(routes.Classify(req.path).label), res.status,
                                        seconds);
    t_request_started = now;  // the next request on this connection starts no earlier
  });
}

}  // namespace heartbeat::http
