#include "heartbeat/http/server.h"

#include <sched.h>

#include <algorithm>
#include <thread>

#include "heartbeat/log/logging.h"
#include "http/body_decoder.h"
#include "http/connection_server.h"
#include "http/context.h"
#include "http/deferred_answer.h"
#include "http/descriptor_limit.h"
#include "http/error_answer.h"
#include "http/request_hooks.h"
#include "http/request_stream.h"
#include "http/route_table.h"
#include "http/routes.h"
#include "http/tls_context.h"

namespace heartbeat::http {

namespace {

// cpp-httplib parses, routes and answers; this subclass only reaches its
// request processing, so that the connections can be owned by ConnectionServer.
class RequestProcessor : public httplib::Server {
 public:
  // httplib's streamed answers (/metrics) stop when the listening socket is
  // gone; it has none here, so the flag is set while the connections are served.
  void SetServing(bool serving) { svr_sock_ = serving ? 0 : INVALID_SOCKET; }

  bool Process(httplib::Stream& stream, bool close_connection, bool& connection_closed,
               const std::function<void(httplib::Request&)>& setup) {
    return process_request(stream, close_connection, connection_closed, setup);
  }
};

// One thread per core this process may run on (its affinity: a cpuset or
// taskset, not the whole machine) takes the connections' events; more only
// wake each other (issue 11). At least two, so that one busy with a long read
// or a TLS handshake never stops the others' pings.
int EventThreads() {
  cpu_set_t allowed;
  CPU_ZERO(&allowed);
  const int cores = sched_getaffinity(0, sizeof(allowed), &allowed) == 0
                        ? CPU_COUNT(&allowed)
                        : static_cast<int>(std::thread::hardware_concurrency());
  return std::max(2, cores);
}

ConnectionSettings SettingsFrom(const ServerOptions& options, const RouteTable& routes,
                                SSL_CTX* tls) {
  ConnectionSettings settings;
  settings.threads = options.worker_threads;
  settings.event_threads = EventThreads();
  settings.max_connections = ConnectionCapacity(options.max_connections);
  settings.read_timeout = std::chrono::seconds(options.read_timeout_seconds);
  settings.keep_alive_timeout = std::chrono::seconds(options.keep_alive_timeout_seconds);
  settings.write_timeout = std::chrono::seconds(options.write_timeout_seconds);
  settings.keep_alive_max_requests = options.keep_alive_max_count;
  settings.tls = tls;
  settings.limits.body_bytes = options.request_limit;
  settings.limits.tail_bytes = static_cast<std::size_t>(options.body_limit);
  settings.classify = [&routes](const std::string& path) { return routes.Classify(path); };
  return settings;
}

}  // namespace

class HttpServer::Impl {
 public:
  Impl(ServerOptions options, ServerDependencies dependencies)
      : context_{std::move(dependencies), std::move(options), nullptr, nullptr},
        connection_metrics_(context_.self_metrics) {
    const ServerOptions& configured = context_.options;
    if (!configured.web.basic_auth_users.empty())
      context_.basic_auth = std::make_shared<BasicAuthenticator>(configured.web.basic_auth_users);
    if (configured.web.tls()) tls_ = std::make_unique<TlsContext>(configured.web);
    routes_.Add(PingRoutes(context_));
    routes_.Add(StatuscopeRoutes(context_));
    routes_.Add(UptimeKumaRoutes(context_));
    routes_.Add(CronitorRoutes(context_));
    routes_.Add(ManagementRoutes(context_));
    routes_.Add(PingKeyRoutes(context_));
    routes_.Add(OperationsRoutes(context_));
    routes_.Add(PageRoutes(context_));
    routes_.Add(BackupRoutes(context_));
    routes_.Add(HealthcheckerRoutes(context_));
    routes_.Add(FlipRoutes(context_));
    routes_.Add(BadgeRoutes(context_));
    routes_.Add(StatusRoutes(context_));
    // Only for the Keep-Alive header of the answers; the connection layer enforces both.
    processor_.set_keep_alive_max_count(static_cast<std::size_t>(configured.keep_alive_max_count));
    processor_.set_keep_alive_timeout(configured.keep_alive_timeout_seconds);
    InstallRequestHooks(processor_, context_, routes_);
    routes_.RegisterOn(processor_, context_);
    const ConnectionSettings settings =
        SettingsFrom(configured, routes_, tls_ ? tls_->get() : nullptr);
    LogInfo("connection limits", {{"max_connections", std::to_string(settings.max_connections)},
                                  {"worker_threads", std::to_string(settings.threads)},
                                  {"event_threads", std::to_string(settings.event_threads)}});
    connections_ = std::make_unique<ConnectionServer>(
        settings,
        [this](FramedRequest& request, Connection& connection, bool& close) {
          return Serve(request, connection, close);
        },
        connection_metrics_);
  }

  void SetReloadFunction(ReloadFunction reload) { context_.reload = std::move(reload); }
  int Bind(const std::string& host, int port) { return connections_->Bind(host, port); }
  bool Listen() {
    processor_.SetServing(true);
    return connections_->Run();
  }
  void Stop() {
    processor_.SetServing(false);
    connections_->Stop();
  }

 private:
  // One complete request, on the thread that received its last byte. True when
  // its answer waits for a commit (deferred_answer.h).
  bool Serve(FramedRequest& request, Connection& connection, bool& close) {
    if (!request.content_encoding.empty()) {
      const DecodeFailure failure =
          DecodeBody(request.content_encoding, request.body, context_.options.request_limit);
      if (failure.status != 0) {
        connection_metrics_.Answered(request.path_class.label, failure.status, request.first_byte);
        connection.output +=
            ErrorAnswer(failure.status, failure.sentence, request.path_class.plain_text_errors);
        close = true;
        return false;
      }
    }
    const std::size_t answered = connection.output.size();
    DeferralScope deferral;
    Process(request, connection, close);
    std::shared_ptr<DeferredAnswer> answer = deferral.Take();
    if (!answer) return false;
    connection.output.resize(answered);  // httplib's placeholder answer
    answer->request = std::move(request);
    answer->close = close;
    // Written by the connection thread that takes the connection after Resume.
    connection.finish_answer = [this, answer, &connection](bool& finished_close) {
      CompletionScope completing(*answer);
      finished_close = answer->close;
      Process(answer->request, connection, finished_close);
    };
    // Last: from here on the committing thread may be resuming the connection.
    context_.store.RecordSignalAsync(answer->application_id, std::move(answer->signal),
                                     [this, answer, &connection](WriteResult result) {
                                       answer->result = std::move(result);
                                       connections_->Resume(connection);
                                     });
    return true;
  }

  void Process(const FramedRequest& request, Connection& connection, bool& close) {
    RequestStream stream(request, connection,
                         std::chrono::seconds(context_.options.write_timeout_seconds));
    // httplib reads no body for GET; a ping's GET body is kept all the same.
    std::function<void(httplib::Request&)> setup;
    if (!request.body.empty() && (request.method == "GET" || request.method == "HEAD"))
      setup = [&request](httplib::Request& req) { req.body = request.body; };
    SetRequestStart(request.first_byte);
    bool closed = false;
    if (!processor_.Process(stream, close, closed, setup)) close = true;
    close = close || closed;
  }

  HttpContext context_;
  RouteTable routes_;
  RequestProcessor processor_;
  ConnectionMetrics connection_metrics_;
  std::unique_ptr<TlsContext> tls_;
  std::unique_ptr<ConnectionServer> connections_;
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
