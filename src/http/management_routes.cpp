// The management API under /api/v1 (docs/reference.md §3), behind the admin bearer token.
#include <nlohmann/json.hpp>

#include "heartbeat/core/duration.h"
#include "heartbeat/core/token.h"
#include "http/body_fields.h"
#include "http/check_json.h"
#include "http/check_list.h"
#include "http/probe_json.h"
#include "http/request_helpers.h"
#include "http/rich_fields.h"
#include "http/routes.h"

namespace heartbeat::http {

namespace {

constexpr int kDefaultHistoryLimit = 100;
constexpr int kMaxHistoryLimit = 10000;

// The keyword and method fields of a body; false for a field that is not one of them.
bool ApplyFilterField(const std::string& key, const nlohmann::json& value, PingFilter& filter) {
  if (key == "success_keywords") {
    filter.success_keywords = KeywordsField(value, key);
  } else if (key == "failure_keywords") {
    filter.failure_keywords = KeywordsField(value, key);
  } else if (key == "start_keywords") {
    filter.start_keywords = KeywordsField(value, key);
  } else if (key == "fail_when_no_keyword_matches") {
    filter.fail_when_no_keyword_matches = BoolField(value, key);
  } else if (key == "methods") {
    if (!ParseMethods(StringField(value, key), filter.post_only)) {
      throw std::invalid_argument(
          "methods must be \"POST\" (only POST pings count) or \"\" (HEAD, GET and POST)");
    }
  } else {
    return false;
  }
  return true;
}

// Applies the fields of a create or patch body onto `spec`. `token` receives an
// imported token. Throws std::invalid_argument naming the field.
void ApplyBody(const nlohmann::json& body, ApplicationSpec& spec, std::optional<std::string>* token,
               bool allow_name) {
  if (!body.is_object()) throw std::invalid_argument("the request body must be a JSON object");
  // Interval and schedule exclude each other: setting one (in a PATCH) drops the other.
  if (body.contains("interval") && !body.contains("schedule")) {
    spec.schedule.clear();
    if (!body.contains("timezone")) spec.timezone = "UTC";
  }
  if (body.contains("schedule") && !body.contains("interval")) spec.interval = Seconds(0);
  PingFilter filter = spec.ping_filter();
  for (const auto& [key, value] : body.items()) {
    if (key == "name" || key == "application") {
      if (!allow_name) {
        if (StringField(value, key) != spec.name) {
          throw std::invalid_argument("an application cannot be renamed; create a new one");
        }
        continue;
      }
      spec.name = StringField(value, key);
    } else if (key == "team") {
      spec.team = StringField(value, key);
    } else if (key == "interval") {
      spec.interval = DurationField(value, key);
    } else if (key == "schedule") {
      spec.schedule = ScheduleField(value, key);
    } else if (key == "timezone") {
      spec.timezone = StringField(value, key);
      if (spec.timezone.empty()) spec.timezone = "UTC";
    } else if (key == "grace") {
      spec.grace = DurationField(value, key);
    } else if (key == "manual_resume") {
      spec.manual_resume = BoolField(value, key);
    } else if (key == "token" && token) {
      *token = StringField(value, key);
    } else if (key == "probe") {
      spec.probe = ProbeField(value, spec.probe);
    } else if (!ApplyFilterField(key, value, filter) && !ApplyRichField(key, value, spec)) {
      throw std::invalid_argument("unknown field \"" + key +
                                  "\"; use name, team, interval, schedule, timezone, grace, "
                                  "manual_resume, probe, success_keywords, failure_keywords, "
                                  "start_keywords, fail_when_no_keyword_matches, methods, "
                                  "labels, start_window, max_runtime, min_runtime" +
                                  std::string(token ? ", token" : ""));
    }
  }
  spec.set_ping_filter(std::move(filter));
}

nlohmann::json WithToken(const HttpContext& context, const httplib::Request& req,
                         const Application& app, const std::string& token) {
  nlohmann::json body = CheckObject(app, context.clock.Now());
  const std::string base = ExternalUrl(context, req);
  body["token"] = token;
  body["ping_url"] = base + "/ping/" + token;
  body["signal_url"] = base + "/signal";
  return body;
}

std::optional<nlohmann::json> ParseBody(const httplib::Request& req, httplib::Response& res) {
  auto body =
      nlohmann::json::parse(req.body.empty() ? std::string("{}") : req.body, nullptr, false);
  if (body.is_discarded()) {
    ReplyError(res, 400, "the request body is not valid JSON");
    return std::nullopt;
  }
  return body;
}

// Declared applications belong to the config file: edits there, not here.
bool RefuseDeclared(const HttpContext& context, const Application& app, httplib::Response& res) {
  if (!app.declared) return false;
  ReplyError(res, 409,
             "application \"" + app.spec.name + "\" is declared in the config file" +
                 (context.options.config_file.empty() ? std::string()
                                                      : " " + context.options.config_file) +
                 "; change it there and reload (POST /-/reload or SIGHUP)");
  return true;
}

class ManagementHandlers {
 public:
  explicit ManagementHandlers(HttpContext& context) : context_(context) {}

  void List(const httplib::Request&, httplib::Response& res) {
    ReplyCheckList(res, context_.index.Snapshot(), context_.clock.Now());
  }

  void Create(const httplib::Request& req, httplib::Response& res) {
    const auto body = ParseBody(req, res);
    if (!body) return;
    ApplicationSpec spec;
    std::optional<std::string> token;
    try {
      ApplyBody(*body, spec, &token, true);
    } catch (const std::invalid_argument& error) {
      return ReplyError(res, 400, error.what());
    }
    if (!IsValidApplicationName(spec.name)) {
      return ReplyError(res, 400,
                        "name \"" + spec.name +
                            "\" is not valid: use 1 to 128 letters, digits, '.', '_' or '-', "
                            "starting with a letter or digit");
    }
    if (const std::string problem = ValidateSpec(spec); !problem.empty()) {
      return ReplyError(res, 400, problem);
    }
    if (token) {
      if (const std::string problem = CheckImportedSecret(*token, "token"); !problem.empty()) {
        return ReplyError(res, 400, problem);
      }
    } else {
      token = GenerateToken();
    }
    const WriteResult result = context_.store.CreateApplication(spec, HashToken(*token), false);
    if (result.status != WriteStatus::kOk) return ReplyWriteFailure(res, result);
    ReplyJson(res, 201, WithToken(context_, req, *result.record, *token));
  }

  void Show(const httplib::Request& req, httplib::Response& res) {
    const ApplicationRecord app = Find(req, res);
    if (app) ReplyJson(res, 200, CheckObject(*app, context_.clock.Now()));
  }

  void Patch(const httplib::Request& req, httplib::Response& res) {
    const ApplicationRecord app = Find(req, res);
    if (!app || RefuseDeclared(context_, *app, res)) return;
    const auto body = ParseBody(req, res);
    if (!body) return;
    ApplicationSpec spec = app->spec;
    try {
      ApplyBody(*body, spec, nullptr, false);
    } catch (const std::invalid_argument& error) {
      return ReplyError(res, 400, error.what());
    }
    if (const std::string problem = ValidateSpec(spec); !problem.empty()) {
      return ReplyError(res, 400, problem);
    }
    const WriteResult result = context_.store.UpdateApplication(app->spec.name, spec, false);
    if (result.status != WriteStatus::kOk) return ReplyWriteFailure(res, result);
    ReplyJson(res, 200, CheckObject(*result.record, context_.clock.Now()));
  }

  void Delete(const httplib::Request& req, httplib::Response& res) {
    const ApplicationRecord app = Find(req, res);
    if (!app || RefuseDeclared(context_, *app, res)) return;
    const WriteResult result = context_.store.DeleteApplication(app->spec.name);
    if (result.status != WriteStatus::kOk) return ReplyWriteFailure(res, result);
    ReplyJson(res, 200, {{"application", app->spec.name}, {"deleted", true}});
  }

  // Pausing is an operational switch (maintenance windows), so it is allowed
  // on declared applications too: it does not change what the file declares.
  void Pause(const httplib::Request& req, httplib::Response& res) { SetPaused(req, res, true); }
  void Resume(const httplib::Request& req, httplib::Response& res) { SetPaused(req, res, false); }

  void SetPaused(const httplib::Request& req, httplib::Response& res, bool paused) {
    const ApplicationRecord app = Find(req, res);
    if (!app) return;
    const WriteResult result = context_.store.SetPaused(app->spec.name, paused);
    if (result.status != WriteStatus::kOk) return ReplyWriteFailure(res, result);
    ReplyJson(res, 200, CheckObject(*result.record, context_.clock.Now()));
  }

  void RotateToken(const httplib::Request& req, httplib::Response& res) {
    const ApplicationRecord app = Find(req, res);
    if (!app || RefuseDeclared(context_, *app, res)) return;
    const std::string token = GenerateToken();
    const WriteResult result = context_.store.ReplaceToken(app->spec.name, HashToken(token));
    if (result.status != WriteStatus::kOk) return ReplyWriteFailure(res, result);
    ReplyJson(res, 200, WithToken(context_, req, *result.record, token));
  }

  void History(const httplib::Request& req, httplib::Response& res) {
    const ApplicationRecord app = Find(req, res);
    if (!app) return;
    int limit = kDefaultHistoryLimit;
    if (req.has_param("limit")) {
      const std::string text = req.get_param_value("limit");
      if (text.empty() || text.size() > 6 ||
          text.find_first_not_of("0123456789") != std::string::npos || std::stoi(text) < 1 ||
          std::stoi(text) > kMaxHistoryLimit) {
        return ReplyError(
            res, 400, "limit must be a whole number from 1 to " + std::to_string(kMaxHistoryLimit));
      }
      limit = std::stoi(text);
    }
    nlohmann::json rows = nlohmann::json::array();
    for (const SignalRow& row : context_.store.History(app->id, limit)) {
      rows.push_back(
          {{"id", row.id},
           {"time", FormatTimestamp(row.received_at)},
           {"kind", row.kind},
           {"exit_status",
            row.exit_status ? nlohmann::json(*row.exit_status) : nlohmann::json(nullptr)},
           {"rid", row.rid.empty() ? nlohmann::json(nullptr) : nlohmann::json(row.rid)},
           {"duration_seconds",
            row.duration_seconds ? nlohmann::json(*row.duration_seconds) : nlohmann::json(nullptr)},
           {"body_size", row.body_size},
           {"remote_address", row.remote_address},
           {"user_agent", row.user_agent},
           {"classified_by", row.classified_by},
           {"matched_keyword", row.matched_keyword.empty() ? nlohmann::json(nullptr)
                                                           : nlohmann::json(row.matched_keyword)}});
    }
    ReplyJson(res, 200, rows);
  }

  void Body(const httplib::Request& req, httplib::Response& res) {
    const ApplicationRecord app = Find(req, res);
    if (!app) return;
    const std::string id_text = req.matches[2];
    if (id_text.size() > 18) return ReplyError(res, 404, "no such signal");
    const auto body = context_.store.SignalBody(app->id, std::stoll(id_text));
    if (!body)
      return ReplyError(res, 404,
                        "no signal " + id_text + " for application \"" + app->spec.name + "\"");
    res.status = 200;
    // Bodies are stored raw; octet-stream keeps browsers from interpreting them.
    res.set_content(*body, "application/octet-stream");
  }

 private:
  ApplicationRecord Find(const httplib::Request& req, httplib::Response& res) {
    const std::string name = req.matches[1];
    ApplicationRecord app = context_.index.FindByName(name);
    if (!app) ReplyError(res, 404, "no application named \"" + name + "\"");
    return app;
  }

  HttpContext& context_;
};

}  // namespace

std::vector<Route> ManagementRoutes(HttpContext& context) {
  auto handlers = std::make_shared<ManagementHandlers>(context);
  using H = ManagementHandlers;
  using Member = void (H::*)(const httplib::Request&, httplib::Response&);
  // Every row has Auth::kAdminBearer: the table checks the token before the handler runs.
  auto row = [handlers](Method method, const std::string& pattern, Member member) {
    auto handler = [handlers, member](const httplib::Request& req, httplib::Response& res) {
      ((*handlers).*member)(req, res);
    };
    return Route{method, pattern, "api", Auth::kAdminBearer, BodyPolicy::kLimited,
                 false,  handler, {}};
  };
  const std::string app = R"(/api/v1/applications/([^/]+))";
  return {
      row(Method::kGet, "/api/v1/applications", &H::List),
      row(Method::kPost, "/api/v1/applications", &H::Create),
      row(Method::kGet, app, &H::Show),
      row(Method::kPatch, app, &H::Patch),
      row(Method::kDelete, app, &H::Delete),
      row(Method::kPost, app + "/pause", &H::Pause),
      row(Method::kPost, app + "/resume", &H::Resume),
      row(Method::kPost, app + "/token", &H::RotateToken),
      row(Method::kGet, app + "/signals", &H::History),
      row(Method::kGet, app + R"(/signals/([0-9]+)/body)", &H::Body),
  };
}

}  // namespace heartbeat::http
