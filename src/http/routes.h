#pragma once

#include <httplib.h>

#include "heartbeat/http/context.h"

namespace heartbeat::http {

// One function per API surface; each registers its paths on the server.
void RegisterStatuscopeRoutes(httplib::Server& server, HttpContext& context);
void RegisterPingRoutes(httplib::Server& server, HttpContext& context);
void RegisterManagementRoutes(httplib::Server& server, HttpContext& context);
void RegisterOperationsRoutes(httplib::Server& server, HttpContext& context);
void RegisterBackupRoutes(httplib::Server& server, HttpContext& context);

}  // namespace heartbeat::http
