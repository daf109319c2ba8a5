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
#include "heartbeat/store/state_index.h"
#include "heartbeat/store/store.h"

namespace heartbeat::http {

struct ServerOptions {
  std::string telemetry_path = "/metrics";
  std::string external_url;           // base of printed ping URLs; empty: from the Host header
  long long body_limit = 100 * 1024;  // bytes of a signal body kept (the tail)
  std::string admin_token;            // empty: management API answers 403
  std::string admin_token_hint;       // where the token is configured, for the 403 sentence
  std::string config_file;            // for the "declared in ..." sentence
  std::size_t request_limit = 1024 * 1024;  // non-ping bodies above this: 413
  int worker_threads = 64;
  int keep_alive_max_count = 1000;
  int keep_alive_timeout_seconds = 30;
  int read_timeout_seconds = 10;
  int write_timeout_seconds = 10;
  // Basic auth from --web.config.file, for every path but the ones that carry
  // their own credentials (/ping/<token>, /signal with its token, /api with the bearer token).
  std::shared_ptr<BasicAuthenticator> basic_auth;
};

// Re-reads the config file; returns an empty string on success, else the reason.
using ReloadFunction = std::function<std::string()>;

// Everything the route handlers need; owned by main (or a test) and outliving the server.
struct HttpContext {
  ServerOptions options;
  Store& store;
  const StateIndex& index;  // the store's, read-only
  const TimeSource& clock;
  SelfMetrics& self_metrics;
  // Served on the telemetry path: the per-application families first, then these.
  std::shared_ptr<const ApplicationMetricsWriter> application_metrics;
  std::vector<std::shared_ptr<prometheus::Collectable>> collectables;
  ReloadFunction reload;
};

}  // namespace heartbeat::http
