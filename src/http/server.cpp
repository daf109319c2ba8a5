#include "heartbeat/http/server.h"

#include <chrono>

#include "heartbeat/log/logging.h"
#include "http/request_helpers.h"
#include "http/routes.h"

namespace heartbeat::http {

namespace {

// A worker thread serves one request at a time, so the start of the request it
// is serving can live in a thread_local between pre-routing and the logger.
thread_local std::chrono::steady_clock::time_point t_request_started;

bool IsPingPath(const std::string& path) { return path.rfind("/ping/", 0) == 0; }

bool HasOwnCredentials(const std::string& path) {
  return IsPingPath(path) || path == "/signal" || path.rfind("/api/", 0) == 0;
}

}  // namespace

HttpServer::HttpServer(HttpContext& context, std::unique_ptr<httplib::Server> server)
    : context_(context), server_(std::move(server)) {
  Configure();
}

HttpServer::HttpServer(HttpContext& context)
    : HttpServer(context, std::make_unique<httplib::Server>()) {}

void HttpServer::Configure() {
  const ServerOptions& options = context_.options;
  // Without TCP_NODELAY a keep-alive client waits for the delayed ACK (~40 ms) on every answer.
  server_->set_tcp_nodelay(true);
  // httplib's default also sets SO_REUSEPORT, which lets a second exporter bind
  // the same port silently and take half the heartbeats into another database.
  server_->set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, reinterpret_cast<const void*>(&yes), sizeof(yes));
  });
  const int threads = options.worker_threads;
  server_->new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  server_->set_keep_alive_max_count(options.keep_alive_max_count);
  server_->set_keep_alive_timeout(options.keep_alive_timeout_seconds);
  server_->set_read_timeout(options.read_timeout_seconds, 0);
  server_->set_write_timeout(options.write_timeout_seconds, 0);

  server_->set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    t_request_started = std::chrono::steady_clock::now();
    const auto& basic_auth = context_.options.basic_auth;
    if (basic_auth && basic_auth->enabled() && !HasOwnCredentials(req.path) &&
        !basic_auth->Check(req.get_header_value("Authorization"))) {
      res.set_header("WWW-Authenticate", "Basic realm=\"heartbeat_exporter\"");
      ReplyError(res, 401, "this endpoint needs the basic-auth credentials of --web.config.file");
      return httplib::Server::HandlerResponse::Handled;
    }
    if (IsPingPath(req.path))
      return httplib::Server::HandlerResponse::Unhandled;  // streamed, tail kept
    if (req.get_header_value("Transfer-Encoding").find("chunked") != std::string::npos) {
      ReplyError(res, 411, "send the request body with a Content-Length header");
      return httplib::Server::HandlerResponse::Handled;
    }
    const std::string length = req.get_header_value("Content-Length");
    if (length.empty() && (req.method == "POST" || req.method == "PUT" || req.method == "PATCH")) {
      // httplib 0.11 answers 400 to a bodiless POST without Content-Length, which
      // is what `curl -X POST .../pause` sends. The request object is httplib's
      // own mutable local; the handler only ever gets it as const.
      const_cast<httplib::Request&>(req).headers.emplace("Content-Length", "0");
      return httplib::Server::HandlerResponse::Unhandled;
    }
    if (!length.empty() && length.find_first_not_of("0123456789") != std::string::npos) {
      ReplyError(res, 400, "the Content-Length header is not a number");
      return httplib::Server::HandlerResponse::Handled;
    }
    if (!length.empty() &&
        (length.size() > 15 || std::stoull(length) > context_.options.request_limit)) {
      ReplyError(res, 413,
                 "the request body is larger than " +
                     std::to_string(context_.options.request_limit) + " bytes");
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });

  server_->set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;
    if (IsPingPath(req.path)) {
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
  });

  server_->set_exception_handler(
      [](const httplib::Request& req, httplib::Response& res, std::exception_ptr error) {
        std::string what = "unknown error";
        try {
          if (error) std::rethrow_exception(error);
        } catch (const std::exception& e) {
          what = e.what();
        } catch (...) {
        }
        LogError("request failed", {{"method", req.method}, {"path", req.path}, {"err", what}});
        ReplyError(res, 500, "internal error while serving the request; it was logged");
      });

  server_->set_logger([this](const httplib::Request& req, const httplib::Response& res) {
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t_request_started).count();
    context_.self_metrics.ObserveRequest(HandlerLabel(context_, req.path), res.status, seconds);
  });

  // httplib tries routes in registration order with std::regex: the ingest
  // paths go first.
  RegisterPingRoutes(*server_, context_);
  RegisterStatuscopeRoutes(*server_, context_);
  RegisterManagementRoutes(*server_, context_);
  RegisterOperationsRoutes(*server_, context_);
  RegisterBackupRoutes(*server_, context_);
}

int HttpServer::Bind(const std::string& host, int port) {
  const int bound =
      port == 0 ? server_->bind_to_any_port(host) : (server_->bind_to_port(host, port) ? port : -1);
  if (bound < 0) {
    throw std::runtime_error("cannot listen on " + host + ":" + std::to_string(port) +
                             " (in use, or not an address of this machine)");
  }
  return bound;
}

bool HttpServer::Listen() { return server_->listen_after_bind(); }

void HttpServer::Stop() { server_->stop(); }

}  // namespace heartbeat::http
