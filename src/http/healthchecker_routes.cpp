// Healthchecker.Server's API, so that its Python client works unchanged:
// POST /healthchecker/monitor registers a probe of <url>/health; GET stop (the
// client's name), stopmonitoring (the original server's), pause, resume and
// info take ?appname=. Answers are text, as the original's; status codes are its.
#include <map>
#include <memory>
#include <optional>

#include "core/application_rules.h"
#include "heartbeat/core/probe_rules.h"
#include "heartbeat/core/state.h"
#include "heartbeat/core/timestamp.h"
#include "heartbeat/core/token.h"
#include "http/healthchecker_names.h"
#include "http/network_allow_list.h"
#include "http/request_helpers.h"
#include "http/routes.h"

namespace heartbeat::http {

namespace {

constexpr const char* kFields[] = {
    "appname", "url", "email", "timeout", "interval", "unhealthy_threshold", "healthy_threshold"};

class Healthchecker {
 public:
  explicit Healthchecker(HttpContext& context)
      : context_(context),
        allow_(NetworkAllowList::Parse(context.options.healthchecker_allow,
                                       "--healthchecker.registration-allow")) {}

  // Registration off, a client outside the allow-list, or no scheduler: refused with a sentence.
  bool Admit(const httplib::Request& req, httplib::Response& res) const {
    if (!context_.options.healthchecker_registration) {
      ReplyText(res, 403,
                "Healthchecker.Server registration is disabled; start the exporter with "
                "--healthchecker.registration\n");
      return false;
    }
    if (!allow_.Contains(req.remote_addr)) {
      ReplyText(res, 403, req.remote_addr + " is not in --healthchecker.registration-allow\n");
      return false;
    }
    if (context_.probes == nullptr) {
      ReplyText(res, 503, "probes are not running in this exporter\n");
      return false;
    }
    return true;
  }

  void Monitor(const httplib::Request& req, httplib::Response& res) const {
    if (!Admit(req, res)) return;
    const std::map<std::string, std::string> form = FormParameters(req);
    for (const char* field : kFields) {
      if (form.count(field) == 0) {
        return ReplyText(res, 400,
                         std::string("missing field `") + field +
                             "`: a registration needs appname, url, email, timeout, interval, "
                             "unhealthy_threshold and healthy_threshold\n");
      }
    }
    const std::string& appname = form.at("appname");
    const std::string name = ApplicationNameFor(appname);
    if (name.empty()) {
      return ReplyText(res, 400, "`appname` must contain a letter or digit\n");
    }
    if (const ApplicationRecord existing = context_.index.FindByName(name)) {
      return AlreadyMonitored(*existing, appname, res);
    }
    std::string problem;
    const std::optional<ProbeSpec> probe = ProbeFromForm(form, problem, res.status);
    if (!probe) return ReplyText(res, res.status, problem + "\n");
    Create(name, appname, *probe, res);
  }

  void Stop(const httplib::Request& req, httplib::Response& res) const {
    const ApplicationRecord app = Registered(req, res);
    if (!app) return;
    const WriteResult result = context_.store.DeleteApplication(app->spec.name);
    if (result.status != WriteStatus::kOk) return ReplyWriteFailure(res, result);
    context_.probes->Sync();
    ReplyText(res, 200, "OK");
  }

  void SetPaused(const httplib::Request& req, httplib::Response& res, bool paused) const {
    const ApplicationRecord app = Registered(req, res);
    if (!app) return;
    const WriteResult result = context_.store.SetPaused(app->spec.name, paused);
    if (result.status != WriteStatus::kOk) return ReplyWriteFailure(res, result);
    context_.probes->Sync();
    ReplyText(res, 200, "OK");
  }

  void Info(const httplib::Request& req, httplib::Response& res) const {
    const ApplicationRecord app = Registered(req, res);
    if (!app) return;
    ReplyJson(res, 200, InfoObject(*app));
  }

 private:
  // The application registered under ?appname=, or an answer saying why there is none.
  ApplicationRecord Registered(const httplib::Request& req, httplib::Response& res) const {
    if (!Admit(req, res)) return nullptr;
    const std::map<std::string, std::string> query = QueryParameters(req);
    const auto appname = query.find("appname");
    if (appname == query.end() || appname->second.empty()) {
      ReplyText(res, 400, "`appname` parameter not specified.\n");
      return nullptr;
    }
    ApplicationRecord app = context_.index.FindByName(ApplicationNameFor(appname->second));
    if (!app || !app->spec.probe || !app->spec.probe->healthchecker) {
      ReplyText(res, 400,
                "App `" + DisplayAppname(appname->second) + "` is not health check monitored.\n");
      return nullptr;
    }
    return app;
  }

  // The original counts a second registration as one failed check (the client
  // restarted, so something is wrong with it) and resumes a paused job.
  void AlreadyMonitored(const Application& app, const std::string& appname,
                        httplib::Response& res) const {
    if (!app.spec.probe || !app.spec.probe->healthchecker) {
      return ReplyText(res, 409,
                       "an application named `" + app.spec.name +
                           "` exists and was not registered through /healthchecker/monitor\n");
    }
    if (app.paused) context_.store.SetPaused(app.spec.name, false);
    context_.probes->Sync();
    context_.probes->CountFailure(app.id, "registered again through /healthchecker/monitor");
    ReplyText(res, 302, "`" + DisplayAppname(appname) + "` is already being monitored\n");
  }

  void Create(const std::string& name, const std::string& appname, const ProbeSpec& probe,
              httplib::Response& res) const {
    ApplicationSpec spec;
    spec.name = name;
    spec.probe = probe;
    if (std::string why = ValidateSpec(spec); !why.empty()) return ReplyText(res, 400, why + "\n");
    // Probes are not pushed to: the token exists because every application has one.
    const WriteResult result =
        context_.store.CreateApplication(spec, HashToken(GenerateToken()), false);
    if (result.status == WriteStatus::kConflict) {
      return ReplyText(res, 302, "`" + DisplayAppname(appname) + "` is already being monitored\n");
    }
    if (result.status != WriteStatus::kOk) return ReplyWriteFailure(res, result);
    context_.probes->Sync();
    ReplyText(res, 201,
              "App `" + DisplayAppname(appname) + "` is scheduled for health check monitoring.");
  }

  nlohmann::json InfoObject(const Application& app) const {
    const ProbeSpec& probe = *app.spec.probe;
    const std::optional<ProbeStatus> status = context_.probes->Status(app.id);
    const State state = Evaluate(app, context_.clock.Now()).state;
    nlohmann::json info{{"appname", app.spec.name},
                        {"url", probe.url},
                        {"emailAddr", probe.email},
                        {"timeout", probe.timeout.count()},
                        {"interval", probe.interval.count()},
                        {"unhealthy_threshold", probe.unhealthy_threshold},
                        {"healthy_threshold", probe.healthy_threshold},
                        {"state", StateName(state)},
                        {"health", HealthWord(state, status)},
                        {"healthy", status ? status->counters.consecutive_successes : 0},
                        {"unhealthy", status ? status->counters.consecutive_failures : 0},
                        {"lasthealthy", nullptr}};
    if (app.last_success) info["lasthealthy"] = FormatTimestamp(*app.last_success);
    return info;
  }

  // The original's words: Pending, Healthy, Warn (degraded), Unhealthy; and Paused.
  static const char* HealthWord(State state, const std::optional<ProbeStatus>& status) {
    if (state == State::kPaused) return "Paused";
    if (state == State::kFail) return "Unhealthy";
    if (status && status->counters.degraded) return "Warn";
    return state == State::kOk ? "Healthy" : "Pending";
  }

  HttpContext& context_;
  NetworkAllowList allow_;
};

}  // namespace

std::vector<Route> HealthcheckerRoutes(HttpContext& context) {
  auto api = std::make_shared<Healthchecker>(context);
  const auto get = [&](const char* path, auto call) {
    return Route{
        Method::kGet,
        path,
        "healthchecker",
        Auth::kToken,
        BodyPolicy::kLimited,
        true,
        [api, call](const httplib::Request& req, httplib::Response& res) { call(*api, req, res); },
        {}};
  };
  const auto stop = [](const Healthchecker& h, const httplib::Request& req,
                       httplib::Response& res) { h.Stop(req, res); };
  // Auth::kToken: no basic auth (the client sends none); Admit checks the flag and networks.
  return {
      Route{Method::kPost,
            "/healthchecker/monitor",
            "healthchecker",
            Auth::kToken,
            BodyPolicy::kLimited,
            true,
            [api](const httplib::Request& req, httplib::Response& res) { api->Monitor(req, res); },
            {}},
      get("/healthchecker/stop", stop),
      get("/healthchecker/stopmonitoring", stop),
      get("/healthchecker/pause", [](const Healthchecker& h, const httplib::Request& req,
                                     httplib::Response& res) { h.SetPaused(req, res, true); }),
      get("/healthchecker/resume", [](const Healthchecker& h, const httplib::Request& req,
                                      httplib::Response& res) { h.SetPaused(req, res, false); }),
      get("/healthchecker/info", [](const Healthchecker& h, const httplib::Request& req,
                                    httplib::Response& res) { h.Info(req, res); }),
  };
}

}  // namespace heartbeat::http
