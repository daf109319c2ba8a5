#include "http/job_metrics_intake.h"

#include <algorithm>

#include "heartbeat/core/text.h"
#include "heartbeat/metrics/job_metrics.h"
#include "http/request_helpers.h"

namespace heartbeat::http {

std::size_t PingBodyCapacity(const HttpContext& context) {
  // One byte more than allowed, so that a body too large is told from one that fits.
  return std::max(static_cast<std::size_t>(context.options.body_limit), kMaxJobMetricsBytes + 1);
}

bool IsPrometheusTextContentType(std::string_view content_type) {
  std::size_t semicolon = content_type.find(';');
  if (ToLower(Trim(content_type.substr(0, semicolon))) != "text/plain") return false;
  while (semicolon != std::string_view::npos) {
    content_type.remove_prefix(semicolon + 1);
    semicolon = content_type.find(';');
    std::string parameter = ToLower(Trim(content_type.substr(0, semicolon)));
    parameter.erase(std::remove(parameter.begin(), parameter.end(), ' '), parameter.end());
    if (parameter == "version=0.0.4" || parameter == "version=\"0.0.4\"") return true;
  }
  return false;
}

namespace {

// A plain success (no action, or exit status 0) sent as Prometheus text is one too.
bool BodyIsJobMetrics(const PingAction& action, const httplib::Request& req) {
  if (action.job_metrics) return true;
  return action.kind == SignalKind::kOk && action.exit_status.value_or(0) == 0 &&
         IsPrometheusTextContentType(req.get_header_value("Content-Type"));
}

}  // namespace

bool TakePingBody(const HttpContext& context, const PingAction& action, const httplib::Request& req,
                  httplib::Response& res, std::string body, PushRequest& push) {
  if (BodyIsJobMetrics(action, req)) {
    try {
      push.job_metrics = MakeJobMetrics(ParseJobMetrics(body));
    } catch (const JobMetricsError& error) {
      ReplyText(res, 400, std::string("job metrics refused: ") + error.what());
      return false;
    }
    push.body_is_job_metrics = true;
  }
  push.body = WithinBodyLimit(context, std::move(body));
  return true;
}

}  // namespace heartbeat::http
