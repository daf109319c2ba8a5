#include "http/request_hooks.h"

#include <chrono>

#include "heartbeat/log/logging.h"
#include "http/deferred_answer.h"
#include "http/request_helpers.h"

namespace heartbeat::http {

namespace {

using Clock = std::chrono::steady_clock;
using HandlerResponse = httplib::Server::HandlerResponse;

// A thread serves one request at a time, so the first byte of the request it
// is serving can live in a thread_local between the connection layer and the
// logger. Every request is timed from its own first byte, including the ones
// httplib's parser rejects (they used to be timed from a stale value, or from
// the clock's epoch on a fresh thread: a 573 s sum was seen under handler="other").
thread_local Clock::time_point t_request_started = Clock::now();

HandlerResponse PreRoute(HttpContext& context, const RouteTable& routes,
                         const httplib::Request& req, httplib::Response& res) {
  // The second time a deferred request is processed: its answer is ready.
  if (FillCompletedAnswer(res)) return HandlerResponse::Handled;
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
  return HandlerResponse::Unhandled;
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

void SetRequestStart(Clock::time_point first_byte) { t_request_started = first_byte; }

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
    if (AnswerDeferredOnThisThread()) return;  // counted when the real answer is written
    const double seconds = std::chrono::duration<double>(Clock::now() - t_request_started).count();
    context.self_metrics.ObserveRequest(std::string(routes.Classify(req.path).label), res.status,
                                        seconds);
  });
}

}  // namespace heartbeat::http
