// Public status pages (docs/reference.md §3.9): /status/<slug> without
// credentials, and the management API's /api/v1/status-pages (list, create,
// delete). Pages come from the config file (read-only here) and from the API (stored).
#include <nlohmann/json.hpp>

#include "heartbeat/web/status_pages.h"
#include "http/body_fields.h"
#include "http/page_views.h"
#include "http/request_helpers.h"
#include "http/routes.h"

namespace heartbeat::http {

namespace {

// The config file's page of that slug, else the API's; nullopt when neither has it.
std::optional<StatusPageSpec> FindPage(const HttpContext& context, const std::string& slug) {
  if (context.status_pages) {
    if (const auto declared = context.status_pages->Find(slug)) return *declared;
  }
  for (StatusPageSpec& page : context.store.StatusPages()) {
    if (page.slug == slug) return std::move(page);
  }
  return std::nullopt;
}

bool Declared(const HttpContext& context, const std::string& slug) {
  return context.status_pages && context.status_pages->Find(slug);
}

void ServeStatusPage(HttpContext& context, const httplib::Request& req, httplib::Response& res) {
  const std::optional<StatusPageSpec> page = FindPage(context, req.matches[1].str());
  if (!page) {
    return ReplyPage(res, 404, web::MessagePage("Not found", "There is no such status page."));
  }
  const TimePoint now = context.clock.Now();
  const auto apps = web::ApplicationsOn(*page, context.index.Snapshot());
  ReplyPage(res, 200,
            web::StatusPage(page->title, ViewsOf(context, apps, now), PageInfoOf(context, now)));
}

nlohmann::json PageObject(const HttpContext& context, const httplib::Request& req,
                          const StatusPageSpec& page, bool declared) {
  return {{"slug", page.slug},
          {"title", page.title},
          {"applications", page.applications},
          {"teams", page.teams},
          {"declared", declared},
          {"url", ExternalUrl(context, req) + "/status/" + page.slug}};
}

nlohmann::json StatusPageList(const HttpContext& context, const httplib::Request& req) {
  nlohmann::json pages = nlohmann::json::array();
  if (context.status_pages) {
    for (const StatusPageSpec& page : context.status_pages->List()) {
      pages.push_back(PageObject(context, req, page, true));
    }
  }
  for (const StatusPageSpec& page : context.store.StatusPages()) {
    // A page of the config file hides a stored page of the same slug.
    if (!Declared(context, page.slug)) pages.push_back(PageObject(context, req, page, false));
  }
  return pages;
}

std::vector<std::string> NameList(const nlohmann::json& body, const char* key) {
  std::vector<std::string> names;
  if (!body.contains(key)) return names;
  if (!body[key].is_array()) throw std::invalid_argument(std::string(key) + " must be a list");
  for (const auto& name : body[key]) names.push_back(StringField(name, key));
  return names;
}

// A page from a create body; throws std::invalid_argument naming the field.
StatusPageSpec PageFromBody(const std::string& text) {
  const nlohmann::json body = nlohmann::json::parse(text, nullptr, false);
  if (!body.is_object()) throw std::invalid_argument("the request body must be a JSON object");
  for (const auto& [key, value] : body.items()) {
    if (key != "slug" && key != "title" && key != "applications" && key != "teams") {
      throw std::invalid_argument("unknown field \"" + key.substr(0, 64) +
                                  "\" (known: slug, title, applications, teams)");
    }
  }
  StatusPageSpec page;
  page.slug = body.contains("slug") ? StringField(body["slug"], "slug") : "";
  page.title = body.contains("title") ? StringField(body["title"], "title") : "";
  page.applications = NameList(body, "applications");
  page.teams = NameList(body, "teams");
  if (std::string why = CheckStatusPage(page); !why.empty()) throw std::invalid_argument(why);
  return page;
}

void CreateStatusPage(HttpContext& context, const httplib::Request& req, httplib::Response& res) {
  StatusPageSpec page;
  try {
    page = PageFromBody(req.body);
  } catch (const std::invalid_argument& error) {
    return ReplyError(res, 400, error.what());
  }
  if (Declared(context, page.slug)) {
    return ReplyError(res, 409,
                      "the status page \"" + page.slug +
                          "\" is declared in the config file; choose another slug");
  }
  const WriteResult result = context.store.CreateStatusPage(page);
  if (result.status != WriteStatus::kOk) return ReplyWriteFailure(res, result);
  ReplyJson(res, 201, PageObject(context, req, page, false));
}

void DeleteStatusPage(HttpContext& context, const httplib::Request& req, httplib::Response& res) {
  const std::string slug = req.matches[1];
  if (Declared(context, slug)) {
    return ReplyError(res, 409,
                      "the status page \"" + slug +
                          "\" is declared in the config file; remove it there and "
                          "reload");
  }
  const WriteResult result = context.store.DeleteStatusPage(slug);
  if (result.status != WriteStatus::kOk) return ReplyWriteFailure(res, result);
  ReplyJson(res, 200, {{"slug", slug}, {"deleted", true}});
}

}  // namespace

std::vector<Route> StatusRoutes(HttpContext& context) {
  auto status = [&context](const httplib::Request& req, httplib::Response& res) {
    ServeStatusPage(context, req, res);
  };
  auto list = [&context](const httplib::Request& req, httplib::Response& res) {
    ReplyJson(res, 200, StatusPageList(context, req));
  };
  auto create = [&context](const httplib::Request& req, httplib::Response& res) {
    CreateStatusPage(context, req, res);
  };
  auto remove = [&context](const httplib::Request& req, httplib::Response& res) {
    DeleteStatusPage(context, req, res);
  };
  const auto admin = Auth::kAdminBearer;
  const auto limited = BodyPolicy::kLimited;
  return {
      // Auth::kPublic: readable without credentials, even with basic auth on.
      {Method::kGet, "/status/([a-z0-9-]+)", "status", Auth::kPublic, limited, false, status, {}},
      {Method::kGet, "/api/v1/status-pages", "api", admin, limited, false, list, {}},
      {Method::kPost, "/api/v1/status-pages", "api", admin, limited, false, create, {}},
      {Method::kDelete,
       "/api/v1/status-pages/([a-z0-9-]+)",
       "api",
       admin,
       limited,
       false,
       remove,
       {}},
  };
}

}  // namespace heartbeat::http
