// Operations: the telemetry path, the landing page, /-/healthy, /-/ready, /-/reload.
#include <malloc.h>

#include <sstream>

#include "heartbeat/core/state.h"
#include "heartbeat/metrics/scrape.h"
#include "heartbeat/metrics/scrape_encoding.h"
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

constexpr const char* kScrapeContentType = "text/plain; version=0.0.4; charset=utf-8";

// All Accept-Encoding values of the request, joined as one list (RFC 9110 §5.3).
std::string AcceptEncoding(const httplib::Request& req) {
  std::string joined;
  for (std::size_t i = 0; i < req.get_header_value_count("Accept-Encoding"); ++i) {
    if (i > 0) joined += ',';
    joined += req.get_header_value("Accept-Encoding", i);
  }
  return joined;
}

// /metrics negotiates its coding itself (q-values included) and gzips with
// ISA-L (docs/performance.md). httplib 0.11 would compress any text/* answer
// again whenever Accept-Encoding merely contains "gzip" or "br", q=0 or not
// (brotli at quality 11: seconds of CPU for 100k applications), so the header
// is taken out of its sight once answered. The Request is httplib's own
// non-const object that handlers see as const.
void ServeScrape(const HttpContext& context, const httplib::Request& req, httplib::Response& res) {
  const ScrapeEncoding encoding =
      ChooseScrapeEncoding(AcceptEncoding(req), req.has_header("Accept-Encoding"));
  const_cast<httplib::Headers&>(req.headers).erase("Accept-Encoding");
  res.set_header("Vary", "Accept-Encoding");
  if (encoding == ScrapeEncoding::kNotAcceptable) {
    return ReplyText(res, 406,
                     "Not acceptable: Accept-Encoding refuses both gzip and identity, the only "
                     "codings of " +
                         context.options.telemetry_path + ".\n");
  }
  if (encoding == ScrapeEncoding::kGzip) {
    // Whole (~5 MiB for 100k applications), so it goes with a Content-Length.
    auto body = std::make_shared<const std::string>(
        GzipScrape(*context.application_metrics, context.collectables));
    malloc_trim(0);  // hand the scrape's buffers back to the system at once
    res.set_header("Content-Encoding", "gzip");
    res.set_content_provider(
        body->size(), kScrapeContentType,
        [body](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
          return sink.write(body->data() + offset, length);
        });
    return;
  }
  // Streamed in chunks: 100k applications are ~110 MB of text, never held at once.
  res.set_chunked_content_provider(
      kScrapeContentType, [&context](std::size_t, httplib::DataSink& sink) {
        WriteScrapeText(
            *context.application_metrics, context.collectables,
            [&sink](std::string_view piece) { return sink.write(piece.data(), piece.size()); });
        sink.done();
        malloc_trim(0);
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
       [&context](const httplib::Request& req, httplib::Response& res) {
         ServeScrape(context, req, res);
       },
       {}},
      {Method::kGet, "/", "landing", basic, limited, false, landing, {}},
      {Method::kGet, "/-/healthy", "healthy", basic, limited, false, healthy, {}},
      {Method::kGet, "/-/ready", "ready", basic, limited, false, ready, {}},
      {Method::kPost, "/-/reload", "reload", basic, limited, false, reload, {}},
  };
}

}  // namespace heartbeat::http
