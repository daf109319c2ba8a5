#include "http/page_views.h"

#include "heartbeat/web/html.h"

namespace heartbeat::http {

web::ApplicationView ViewOf(HttpContext& context, const ApplicationRecord& app,
                            const std::vector<Flip>& flips, TimePoint now) {
  const State recorded = context.store.Recorded(*app).state;
  return {app, Evaluate(*app, now), UptimeOverWindows(flips, recorded, now)};
}

std::vector<web::ApplicationView> ViewsOf(HttpContext& context,
                                          const std::vector<ApplicationRecord>& apps,
                                          TimePoint now) {
  const auto flips = context.store.FlipsOfAll(now - kUptimeSpan);
  static const std::vector<Flip> kNone;
  std::vector<web::ApplicationView> views;
  views.reserve(apps.size());
  for (const ApplicationRecord& app : apps) {
    const auto found = flips.find(app->id);
    views.push_back(ViewOf(context, app, found == flips.end() ? kNone : found->second, now));
  }
  return views;
}

web::PageInfo PageInfoOf(const HttpContext& context, TimePoint now) {
  return {context.options.telemetry_path, now};
}

void ReplyPage(httplib::Response& res, int status, const std::string& html) {
  res.status = status;
  res.set_header("Content-Security-Policy", web::kContentSecurityPolicy);
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("Referrer-Policy", "no-referrer");
  res.set_header("X-Frame-Options", "DENY");
  res.set_header("Cache-Control", "no-store");
  res.set_content(html, "text/html; charset=utf-8");
}

}  // namespace heartbeat::http
