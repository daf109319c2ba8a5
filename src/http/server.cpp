#include "heartbeat/http/server.h"

#include "http/context.h"
#include "http/request_hooks.h"
#include "http/route_table.h"
#include "http/routes.h"

namespace heartbeat::http {

namespace {

// httplib::Server, or httplib::SSLServer when the web config names a certificate.
std::unique_ptr<httplib::Server> MakeListener(const WebConfig& web) {
  if (!web.tls()) return std::make_unique<httplib::Server>();
  auto tls = std::make_unique<httplib::SSLServer>(
      web.cert_file.c_str(), web.key_file.c_str(),
      web.client_ca_file.empty() ? nullptr : web.client_ca_file.c_str());
  if (!tls->is_valid()) {
    throw std::runtime_error("cannot use the TLS certificate " + web.cert_file + " with key " +
                             web.key_file);
  }
  return tls;
}

void ConfigureConnections(httplib::Server& server, const ServerOptions& options) {
  // Without TCP_NODELAY a keep-alive client waits for the delayed ACK (~40 ms) on every answer.
  server.set_tcp_nodelay(true);
  // httplib's default also sets SO_REUSEPORT, which lets a second exporter bind
  // the same port silently and take half the heartbeats into another database.
  server.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, reinterpret_cast<const void*>(&yes), sizeof(yes));
  });
  const int threads = options.worker_threads;
  server.new_task_queue = [threads] { return NewTimedWorkerPool(threads); };
  server.set_keep_alive_max_count(options.keep_alive_max_count);
  server.set_keep_alive_timeout(options.keep_alive_timeout_seconds);
  server.set_read_timeout(options.read_timeout_seconds, 0);
  server.set_write_timeout(options.write_timeout_seconds, 0);
}

}  // namespace

class HttpServer::Impl {
 public:
  Impl(ServerOptions options, ServerDependencies dependencies)
      : context_{std::move(options),
                 dependencies.store,
                 dependencies.index,
                 dependencies.clock,
                 dependencies.self_metrics,
                 std::move(dependencies.application_metrics),
                 std::move(dependencies.collectables),
                 nullptr,
                 nullptr},
        server_(MakeListener(context_.options.web)) {
    if (!context_.options.web.basic_auth_users.empty()) {
      context_.basic_auth =
          std::make_shared<BasicAuthenticator>(context_.options.web.basic_auth_users);
    }
    routes_.Add(PingRoutes(context_));
    routes_.Add(StatuscopeRoutes(context_));
    routes_.Add(ManagementRoutes(context_));
    routes_.Add(OperationsRoutes(context_));
    routes_.Add(BackupRoutes(context_));
    ConfigureConnections(*server_, context_.options);
    InstallRequestHooks(*server_, context_, routes_);
    routes_.RegisterOn(*server_, context_);
  }

  void SetReloadFunction(ReloadFunction reload) { context_.reload = std::move(reload); }

  int Bind(const std::string& host, int port) {
    const int bound = port == 0 ? server_->bind_to_any_port(host)
                                : (server_->bind_to_port(host, port) ? port : -1);
    if (bound < 0) {
      throw std::runtime_error("cannot listen on " + host + ":" + std::to_string(port) +
                               " (in use, or not an address of this machine)");
    }
    return bound;
  }

  bool Listen() { return server_->listen_after_bind(); }
  void Stop() { server_->stop(); }

 private:
  HttpContext context_;
  RouteTable routes_;
  std::unique_ptr<httplib::Server> server_;
};

HttpServer::HttpServer(ServerOptions options, ServerDependencies dependencies)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(dependencies))) {}

HttpServer::~HttpServer() = default;

void HttpServer::SetReloadFunction(ReloadFunction reload) {
  impl_->SetReloadFunction(std::move(reload));
}

int HttpServer::Bind(const std::string& host, int port) { return impl_->Bind(host, port); }

bool HttpServer::Listen() { return impl_->Listen(); }

void HttpServer::Stop() { impl_->Stop(); }

}  // namespace heartbeat::http
