#pragma once

#include <httplib.h>

#include "http/context.h"
#include "http/route_table.h"

namespace heartbeat::http {

// httplib's hooks around every request: the checks before routing (basic auth,
// body framing and size), the error and exception answers, and the logger that
// counts and times each request in the self-metrics.
void InstallRequestHooks(httplib::Server& server, HttpContext& context, const RouteTable& routes);

// httplib's worker pool, telling the request timer when a worker takes up a connection.
httplib::TaskQueue* NewTimedWorkerPool(int threads);

}  // namespace heartbeat::http
