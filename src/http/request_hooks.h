#pragma once

#include <httplib.h>

#include <chrono>

#include "http/context.h"
#include "http/route_table.h"

namespace heartbeat::http {

// httplib's hooks around every request: basic auth before routing, the error
// and exception answers, and the logger that counts and times each request in
// the self-metrics. Framing and size limits are enforced earlier, while the
// request is read (RequestFramer).
void InstallRequestHooks(httplib::Server& server, HttpContext& context, const RouteTable& routes);

// When the request this thread is about to serve received its first byte; the
// logger times the request from there.
void SetRequestStart(std::chrono::steady_clock::time_point first_byte);

}  // namespace heartbeat::http
