// Operations: the telemetry path, /-/healthy, /-/ready, /-/reload.
#include <malloc.h>

#include "heartbeat/metrics/scrape.h"
#include "heartbeat/metrics/scrape_encoding.h"
#include "http/request_helpers.h"
#include "http/routes.h"

namespace heartbeat::http {

namespace {

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
      {Method::kGet, "/-/healthy", "healthy", basic, limited, false, healthy, {}},
      {Method::kGet, "/-/ready", "ready", basic, limited, false, ready, {}},
      {Method::kPost, "/-/reload", "reload", basic, limited, false, reload, {}},
  };
}

}  // namespace heartbeat::http
