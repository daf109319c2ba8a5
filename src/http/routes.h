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
// The other push clients: Uptime Kuma (/api/push/<token>), Cronitor (/p/<key>/<monitor>).
std::vector<Route> UptimeKumaRoutes(HttpContext& context);
std::vector<Route> CronitorRoutes(HttpContext& context);
// The management API's ping keys (/api/v1/ping-keys).
std::vector<Route> PingKeyRoutes(HttpContext& context);
std::vector<Route> BackupRoutes(HttpContext& context);
// Healthchecker.Server's API (/healthchecker/monitor, stop, pause, resume, info).
std::vector<Route> HealthcheckerRoutes(HttpContext& context);
// The HTML pages: the overview at /, /applications/<name>, /static/ assets.
std::vector<Route> PageRoutes(HttpContext& context);
// Badges (/badge/<key>/<target>.svg|json|shields) and their keys (/api/v1/badge-keys).
std::vector<Route> BadgeRoutes(HttpContext& context);
// Public status pages (/status/<slug>) and their list (/api/v1/status-pages).
std::vector<Route> StatusRoutes(HttpContext& context);
// The state history (/api/v1/applications/<name>/flips).
std::vector<Route> FlipRoutes(HttpContext& context);

// A literal path as an httplib pattern (a telemetry path may contain '.').
std::string EscapeRegex(const std::string& literal);

}  // namespace heartbeat::http
