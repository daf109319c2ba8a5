#pragma once

#include <memory>

#include "heartbeat/http/server.h"
#include "heartbeat/http/web_config.h"

namespace heartbeat::http {

// Everything the route handlers need; owned by the HttpServer.
struct HttpContext {
  ServerOptions options;
  Store& store;
  const StateIndex& index;  // the store's, read-only
  const TimeSource& clock;
  SelfMetrics& self_metrics;
  std::shared_ptr<const ApplicationMetricsWriter> application_metrics;
  std::vector<std::shared_ptr<prometheus::Collectable>> collectables;
  ReloadFunction reload;
  // Basic auth from --web.config.file; null when it defines no users.
  std::shared_ptr<BasicAuthenticator> basic_auth;
};

}  // namespace heartbeat::http
