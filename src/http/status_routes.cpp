// Public status pages (docs/reference.md §2.14): /status/<slug> without
// credentials, and their list in the management API (/api/v1/status-pages).
#include <nlohmann/json.hpp>

#include "heartbeat/web/status_pages.h"
#include "http/page_views.h"
#include "http/request_helpers.h"
#include "http/routes.h"

namespace heartbeat::http {

namespace {

void ServeStatusPage(HttpContext& context, const httplib::Request& req, httplib::Response& res) {
  const auto page =
      context.status_pages ? context.status_pages->Find(req.matches[1].str()) : nullptr;
  if (!page) {
    return ReplyPage(res, 404, web::MessagePage("Not found", "There is no such status page."));
  }
  const TimePoint now = context.clock.Now();
  const auto apps = web::ApplicationsOn(*page, context.index.Snapshot());
  ReplyPage(res, 200,
            web::StatusPage(page->title, ViewsOf(context, apps, now), PageInfoOf(context, now)));
}

nlohmann::json StatusPageList(const HttpContext& context, const httplib::Request& req) {
  nlohmann::json pages = nlohmann::json::array();
  if (!context.status_pages) return pages;
  for (const StatusPageSpec& page : context.status_pages->List()) {
    pages.push_back({{"slug", page.slug},
                     {"title", page.title},
                     {"applications", page.applications},
                     {"teams", page.teams},
                     {"url", ExternalUrl(context, req) + "/status/" + page.slug}});
  }
  return pages;
}

}  // namespace

std::vector<Route> StatusRoutes(HttpContext& context) {
  auto status = [&context](const httplib::Request& req, httplib::Response& res) {
    ServeStatusPage(context, req, res);
  };
  auto list = [&context](const httplib::Request& req, httplib::Response& res) {
    ReplyJson(res, 200, StatusPageList(context, req));
  };
  return {
      // Auth::kPublic: readable without credentials, even with basic auth on.
      {Method::kGet,
       "/status/([a-z0-9-]+)",
       "status",
       Auth::kPublic,
       BodyPolicy::kLimited,
       false,
       status,
       {}},
      {Method::kGet,
       "/api/v1/status-pages",
       "api",
       Auth::kAdminBearer,
       BodyPolicy::kLimited,
       false,
       list,
       {}},
  };
}

}  // namespace heartbeat::http
