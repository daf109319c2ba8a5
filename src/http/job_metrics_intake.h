#pragma once

// Job metrics (issue 16) on the healthchecks.io ping forms: `/ping/<token>/metrics`
// and a success sent as Prometheus text (Content-Type: text/plain; version=0.0.4).

#include <httplib.h>

#include <cstddef>
#include <string>
#include <string_view>

#include "http/context.h"
#include "http/ping_path.h"
#include "http/push_signal.h"

namespace heartbeat::http {

// What a ping's body is kept as while it is read: the body limit's tail, or
// more when job metrics need their whole (at most kMaxJobMetricsBytes) body.
std::size_t PingBodyCapacity(const HttpContext& context);

// `text/plain; version=0.0.4` in any case and spacing, charset allowed.
bool IsPrometheusTextContentType(std::string_view content_type);

// Sets push.body (the body limit's tail) and, when the body is job metrics,
// push.job_metrics. Answers 400 with the line and the reason, and returns
// false, when the metrics are refused.
bool TakePingBody(const HttpContext& context, const PingAction& action, const httplib::Request& req,
                  httplib::Response& res, std::string body, PushRequest& push);

}  // namespace heartbeat::http
