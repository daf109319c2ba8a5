#pragma once

#include <prometheus/collectable.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "heartbeat/core/clock.h"
#include "heartbeat/http/web_config.h"
#include "heartbeat/metrics/application_metrics.h"
#include "heartbeat/metrics/self_metrics.h"
#include "heartbeat/probe/probe_scheduler.h"
#include "heartbeat/store/state_index.h"
#include "heartbeat/store/store.h"
#include "heartbeat/web/status_pages.h"

namespace heartbeat::http {

struct ServerOptions {
  std::string telemetry_path = "/metrics";
  std::string external_url;           // base of printed ping URLs; empty: from the Host header
  long long body_limit = 100 * 1024;  // bytes of a signal body kept (the tail)
  std::string admin_token;            // empty: management API answers 403
  std::string admin_token_hint;       // where the token is configured, for the 403 sentence
  std::string config_file;            // for the "declared in ..." sentence
  std::size_t request_limit = 1024 * 1024;  // non-ping bodies above this: 413
  int worker_threads =
      64;  // threads serving requests that may wait; pings and connections hold none
  std::size_t max_connections = 0;  // 0: the default, bounded by RLIMIT_NOFILE
  int keep_alive_max_count = 1000;
  int keep_alive_timeout_seconds = 30;
  int read_timeout_seconds = 10;
  int write_timeout_seconds = 10;
  // --web.checks-auth=admin: /checks and /checks/<name> want the admin bearer token.
  bool checks_need_admin_token = false;
  // --web.config.file: TLS when it names a certificate, basic auth when it names users
  // (for every path but the ones that carry their own credentials, see route_table.h).
  WebConfig web;
  // /healthchecker/*: off unless --healthchecker.registration; then only for these networks.
  bool healthchecker_registration = false;
  std::string healthchecker_allow = "127.0.0.0/8,::1/128";
};

// What the handlers read and write; owned by the caller and outliving the server.
struct ServerDependencies {
  Store& store;
  const StateIndex& index;  // the store's, read-only
  const TimeSource& clock;
  SelfMetrics& self_metrics;
  // Served on the telemetry path: the per-application families first, then the collectables.
  std::shared_ptr<const ApplicationMetricsWriter> application_metrics;
  std::vector<std::shared_ptr<prometheus::Collectable>> collectables;
  // The probe scheduler, for the /healthchecker/ endpoints; null: they answer 503.
  ProbeScheduler* probes = nullptr;
  // The config file's public status pages; null: none.
  std::shared_ptr<const web::StatusPageRegistry> status_pages = nullptr;
};

// Re-reads the config file; returns an empty string on success, else the reason.
using ReloadFunction = std::function<std::string()>;

// The HTTP front: cpp-httplib configured for load (tcp_nodelay, a sized worker
// pool, keep-alive limits, timeouts, body caps), TLS and basic auth from the web
// config, every route registered and every request counted in the self-metrics.
class HttpServer {
 public:
  // Throws std::runtime_error with a sentence when the TLS certificate cannot be used.
  HttpServer(ServerOptions options, ServerDependencies dependencies);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // POST /-/reload calls this; without one it answers 400 (no config file).
  void SetReloadFunction(ReloadFunction reload);

  // Binds host:port (port 0: any free port) and returns the port. Throws std::runtime_error.
  int Bind(const std::string& host, int port);
  // Serves until Stop(); returns false if the listener failed.
  bool Listen();
  void Stop();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace heartbeat::http
