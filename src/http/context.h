#pragma once

#include <memory>

#include "heartbeat/http/server.h"
#include "heartbeat/http/web_config.h"

namespace heartbeat::http {

// Everything the route handlers need (the dependencies, as context.store,
// context.index, ...); owned by the HttpServer.
struct HttpContext : ServerDependencies {
  ServerOptions options;
  ReloadFunction reload;
  // Basic auth from --web.config.file; null when it defines no users.
  std::shared_ptr<BasicAuthenticator> basic_auth;
};

}  // namespace heartbeat::http
