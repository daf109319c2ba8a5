// The HTML pages (docs/reference.md §3.10): the overview at /, one page per
// application, and their stylesheet and script. Rendering is in src/web.
#include "heartbeat/core/token.h"
#include "heartbeat/web/html.h"
#include "heartbeat/web/pages.h"
#include "http/page_views.h"
#include "http/request_helpers.h"
#include "http/routes.h"

namespace heartbeat::http {

namespace {

constexpr int kSignalRows = 20;
constexpr std::size_t kBodyShown = 4096;  // the tail of each body on the page

// Bodies can hold secrets (logs): shown to whoever passed basic auth, or sent the admin token.
bool MayReadBodies(const HttpContext& context, const httplib::Request& req) {
  if (context.basic_auth && context.basic_auth->enabled()) return true;
  const std::string header = req.get_header_value("Authorization");
  return !context.options.admin_token.empty() &&
         SecretsEqual(header, "Bearer " + context.options.admin_token);
}

// --web.checks-auth=admin puts the pages behind the admin token too: they show what /checks does.
bool Allowed(const HttpContext& context, const httplib::Request& req, httplib::Response& res) {
  return !context.options.checks_need_admin_token || Authorize(context, req, res);
}

std::vector<web::SignalView> Signals(HttpContext& context, const Application& app, bool bodies) {
  std::vector<web::SignalView> signals;
  for (SignalRow& row : context.store.History(app.id, kSignalRows)) {
    web::SignalView view{std::move(row), std::nullopt};
    if (bodies) {
      view.body = context.store.SignalBody(app.id, view.row.id);
      if (view.body && view.body->size() > kBodyShown) {
        *view.body = "..." + view.body->substr(view.body->size() - kBodyShown);
      }
    }
    signals.push_back(std::move(view));
  }
  return signals;
}

void ServeApplication(HttpContext& context, const httplib::Request& req, httplib::Response& res) {
  if (!Allowed(context, req, res)) return;
  const std::string name = req.matches[1];
  const ApplicationRecord app = context.index.FindByName(name);
  if (!app) {
    return ReplyPage(res, 404,
                     web::MessagePage("Not found", "No application named \"" + name + "\"."));
  }
  const TimePoint now = context.clock.Now();
  const std::vector<Flip> flips = context.store.Flips(app->id, now - kUptimeSpan);
  const web::ApplicationView view = ViewOf(context, app, flips, now);
  const bool bodies = MayReadBodies(context, req);
  ReplyPage(res, 200,
            web::ApplicationPage(view, flips, Signals(context, *app, bodies), bodies,
                                 PageInfoOf(context, now)));
}

void ServeAsset(httplib::Response& res, const char* content, const char* type) {
  res.set_header("Cache-Control", "public, max-age=300");
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_content(content, type);
}

}  // namespace

std::vector<Route> PageRoutes(HttpContext& context) {
  auto overview = [&context](const httplib::Request& req, httplib::Response& res) {
    if (!Allowed(context, req, res)) return;
    const TimePoint now = context.clock.Now();
    ReplyPage(res, 200,
              web::OverviewPage(ViewsOf(context, context.index.Snapshot(), now),
                                PageInfoOf(context, now)));
  };
  auto application = [&context](const httplib::Request& req, httplib::Response& res) {
    ServeApplication(context, req, res);
  };
  auto css = [](const httplib::Request&, httplib::Response& res) {
    ServeAsset(res, web::Stylesheet(), "text/css; charset=utf-8");
  };
  auto js = [](const httplib::Request&, httplib::Response& res) {
    ServeAsset(res, web::Script(), "text/javascript; charset=utf-8");
  };
  const auto basic = Auth::kBasic;
  const auto limited = BodyPolicy::kLimited;
  return {
      {Method::kGet, "/", "landing", basic, limited, false, overview, {}},
      {Method::kGet, "/applications/([^/]+)", "page", basic, limited, false, application, {}},
      // Public: a status page without credentials needs its stylesheet and script too.
      {Method::kGet, "/static/heartbeat\\.css", "static", Auth::kPublic, limited, false, css, {}},
      {Method::kGet, "/static/heartbeat\\.js", "static", Auth::kPublic, limited, false, js, {}},
  };
}

}  // namespace heartbeat::http
