#pragma once

#include <httplib.h>

#include <memory>
#include <string>

#include "heartbeat/http/context.h"

namespace heartbeat::http {

// The HTTP front: cpp-httplib configured for load (tcp_nodelay, a sized worker
// pool, keep-alive limits, timeouts, body caps) with every route registered and
// every request counted in the self-metrics.
class HttpServer {
 public:
  // `server` is an httplib::Server or, for TLS, an httplib::SSLServer.
  HttpServer(HttpContext& context, std::unique_ptr<httplib::Server> server);

  // Binds host:port (port 0: any free port) and returns the port. Throws std::runtime_error.
  int Bind(const std::string& host, int port);
  // Serves until Stop(); returns false if the listener failed.
  bool Listen();
  void Stop();

 private:
  void Configure();

  HttpContext& context_;
  std::unique_ptr<httplib::Server> server_;
};

}  // namespace heartbeat::http
