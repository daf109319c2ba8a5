#pragma once

#include <vector>

#include "http/context.h"
#include "http/route_table.h"

namespace heartbeat::http {

// One route table per API surface; HttpServer adds them in this order (httplib
// tries routes in registration order with std::regex: the ingest paths first).
std::vector<Route> PingRoutes(HttpContext& context);
std::vector<Route> StatuscopeRoutes(HttpContext& context);
std::vector<Route> ManagementRoutes(HttpContext& context);
std::vector<Route> OperationsRoutes(HttpContext& context);
std::vector<Route> BackupRoutes(HttpContext& context);

// A literal path as an httplib pattern (a telemetry path may contain '.').
std::string EscapeRegex(const std::string& literal);

}  // namespace heartbeat::http
