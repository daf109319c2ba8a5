// Operations: the telemetry path, the landing page, /-/healthy, /-/ready, /-/reload.
#include <malloc.h>
#include <prometheus/text_serializer.h>

#include <sstream>

#include "heartbeat/core/state.h"
#include "heartbeat/version.h"
#include "http/check_json.h"
#include "http/request_helpers.h"
#include "http/routes.h"

namespace heartbeat::http {

namespace {

// The landing page lists this many applications; /checks has them all.
constexpr std::size_t kLandingPageRows = 1000;

std::string EscapeHtml(const std::string& text) {
  std::string escaped;
  escaped.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        escaped += "&amp;";
        break;
      case '<':
        escaped += "&lt;";
        break;
      case '>':
        escaped += "&gt;";
        break;
      case '"':
        escaped += "&quot;";
        break;
      case '\'':
        escaped += "&#39;";
        break;
      default:
        escaped += c;
    }
  }
  return escaped;
}

std::string LandingPage(const HttpContext& context) {
  const auto snapshot = context.index.Snapshot();
  const TimePoint now = context.clock.Now();
  const std::string metrics = EscapeHtml(context.options.telemetry_path);
  std::ostringstream page;
  page << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
       << "<title>Heartbeat Exporter</title><style>body{font-family:sans-serif;margin:2em}"
       << "table{border-collapse:collapse}td,th{padding:.25em .75em;border-bottom:1px solid #ddd;"
       << "text-align:left}.ok{color:#1a7f37}.late{color:#9a6700}.outdated,.fail{color:#cf222e}"
       << ".paused,.new{color:#57606a}</style></head><body>\n<h1>Heartbeat Exporter</h1>\n"
       << "<p>Version " << kVersion << " (" << kRevision << "). <a href=\"" << metrics
       << "\">Metrics</a> &middot; <a href=\"/checks\">Checks (JSON)</a> &middot; "
       << "<a href=\"/-/healthy\">Healthy</a> &middot; <a href=\"/-/ready\">Ready</a></p>\n"
       << "<h2>Applications (" << snapshot.size() << ")</h2>\n<table><tr><th>Application</th>"
       << "<th>Team</th><th>State</th><th>Last check-in</th><th>Deadline</th></tr>\n";
  std::size_t rows = 0;
  for (const ApplicationRecord& app : snapshot) {
    if (++rows > kLandingPageRows) break;
    const Evaluation evaluation = Evaluate(*app, now);
    const char* state = StateName(evaluation.state);
    const auto checkin = app->last_checkin();
    page << "<tr><td>" << EscapeHtml(app->spec.name) << "</td><td>" << EscapeHtml(app->spec.team)
         << "</td><td class=\"" << state << "\">" << state << "</td><td>"
         << (checkin ? FormatTimestamp(*checkin) : "never") << "</td><td>"
         << (evaluation.deadline ? FormatTimestamp(*evaluation.deadline) : "none")
         << "</td></tr>\n";
  }
  page << "</table>\n";
  if (snapshot.size() > kLandingPageRows) {
    page << "<p>Showing the first " << kLandingPageRows
         << " applications by name; <a href=\"/checks\">/checks</a> lists all.</p>\n";
  }
  page << "</body></html>\n";
  return page.str();
}

// Streamed in chunks: 100k applications are ~110 MB of text, which is never
// held in memory at once. httplib gzips the chunks when the client accepts gzip.
void ServeMetrics(HttpContext& context, httplib::Response& res) {
  res.set_chunked_content_provider(
      "text/plain; version=0.0.4; charset=utf-8", [&context](std::size_t, httplib::DataSink& sink) {
        context.application_metrics->Write(
            [&sink](std::string_view piece) { return sink.write(piece.data(), piece.size()); });
        std::vector<prometheus::MetricFamily> families;
        for (const auto& collectable : context.collectables) {
          auto collected = collectable->Collect();
          families.insert(families.end(), std::make_move_iterator(collected.begin()),
                          std::make_move_iterator(collected.end()));
        }
        const std::string rest = prometheus::TextSerializer().Serialize(families);
        sink.write(rest.data(), rest.size());
        sink.done();
        malloc_trim(0);  // hand the scrape's buffers back to the system at once
        return true;
      });
}

}  // namespace

std::string EscapeRegex(const std::string& literal) {
  std::string escaped;
  for (char c : literal) {
    if (std::string_view("()[]{}\\.*+?|^$").find(c) != std::string_view::npos) escaped += '\\';
    escaped += c;
  }
  return escaped;
}

std::vector<Route> OperationsRoutes(HttpContext& context) {
  auto landing = [&context](const httplib::Request&, httplib::Response& res) {
    res.set_content(LandingPage(context), "text/html; charset=utf-8");
  };
  auto healthy = [](const httplib::Request&, httplib::Response& res) {
    ReplyText(res, 200, "Healthy.\n");
  };
  auto ready = [&context](const httplib::Request&, httplib::Response& res) {
    const std::string reason = context.store.NotReadyReason();
    if (reason.empty()) return ReplyText(res, 200, "Ready.\n");
    ReplyText(res, 503, "Not ready: " + reason + ".\n");
  };
  auto reload = [&context](const httplib::Request&, httplib::Response& res) {
    if (!context.reload)
      return ReplyError(res, 400, "no --config.file is set; there is nothing to reload");
    const std::string problem = context.reload();
    if (!problem.empty())
      return ReplyError(res, 500, "reload failed, the running config is kept: " + problem);
    ReplyJson(res, 200, {{"status", "reloaded"}});
  };
  const auto basic = Auth::kBasic;
  const auto limited = BodyPolicy::kLimited;
  return {
      {Method::kGet,
       EscapeRegex(context.options.telemetry_path),
       "metrics",
       basic,
       limited,
       false,
       [&context](const httplib::Request&, httplib::Response& res) { ServeMetrics(context, res); },
       {}},
      {Method::kGet, "/", "landing", basic, limited, false, landing, {}},
      {Method::kGet, "/-/healthy", "healthy", basic, limited, false, healthy, {}},
      {Method::kGet, "/-/ready", "ready", basic, limited, false, ready, {}},
      {Method::kPost, "/-/reload", "reload", basic, limited, false, reload, {}},
  };
}

}  // namespace heartbeat::http
