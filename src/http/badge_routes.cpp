// Badges (docs/reference.md §2.13): /badge/<badge_key>/<application or team>.svg,
// .json and .shields (shields.io's endpoint schema), and the badge keys of the
// management API (/api/v1/badge-keys).
#include <nlohmann/json.hpp>

#include "heartbeat/core/timestamp.h"
#include "heartbeat/core/token.h"
#include "heartbeat/core/validation.h"
#include "heartbeat/web/badge.h"
#include "http/body_fields.h"
#include "http/request_helpers.h"
#include "http/routes.h"

namespace heartbeat::http {

namespace {

// What one badge shows: its label and the states of the applications it covers.
struct BadgeSubject {
  std::string label;
  std::vector<State> states;
};

// The application of the key's team named `target`, else the key's team
// itself when `target` names it; nullopt for anything else (nothing revealed).
std::optional<BadgeSubject> FindSubject(const HttpContext& context, const BadgeKey& key,
                                        const std::string& target) {
  const TimePoint now = context.clock.Now();
  if (const ApplicationRecord app = context.index.FindByName(target)) {
    if (app->spec.team == key.team) return BadgeSubject{target, {Evaluate(*app, now).state}};
  }
  if (target != key.team) return std::nullopt;
  BadgeSubject team{target, {}};
  for (const ApplicationRecord& app : context.index.Snapshot()) {
    if (app->spec.team == key.team) team.states.push_back(Evaluate(*app, now).state);
  }
  return team;
}

nlohmann::json BadgeJson(const BadgeSubject& subject, web::BadgeState state) {
  int late = 0;
  int down = 0;
  for (const State one : subject.states) {
    if (web::BadgeStateOf(one) == web::BadgeState::kLate) ++late;
    if (web::BadgeStateOf(one) == web::BadgeState::kDown) ++down;
  }
  return {{"status", web::BadgeStateName(state)},
          {"label", subject.label},
          {"total", subject.states.size()},
          {"late", late},
          {"down", down}};
}

void ServeBadge(const HttpContext& context, const httplib::Request& req, httplib::Response& res) {
  const BadgeKeyRecord key = context.store.badge_keys().FindByHash(HashToken(req.matches[1].str()));
  const std::optional<BadgeSubject> subject =
      key ? FindSubject(context, *key, req.matches[2].str()) : std::nullopt;
  // One answer for a wrong key and a wrong name: a badge URL reveals nothing else.
  if (!subject) return ReplyError(res, 404, "no such badge");
  const web::BadgeState state = web::CombinedBadgeState(subject->states);
  // Within a scrape interval: README image proxies must not keep an old state.
  res.set_header("Cache-Control", "no-cache, max-age=0");
  res.set_header("Access-Control-Allow-Origin", "*");
  const std::string format = req.matches[3].str();
  if (format == "svg") {
    res.set_header("Content-Security-Policy", "default-src 'none'");
    res.status = 200;
    return res.set_content(web::BadgeSvg(subject->label, state), "image/svg+xml; charset=utf-8");
  }
  if (format == "json") return ReplyJson(res, 200, BadgeJson(*subject, state));
  ReplyJson(res, 200,
            {{"schemaVersion", 1},
             {"label", subject->label},
             {"message", web::BadgeStateName(state)},
             {"color", web::ShieldsColour(state)},
             {"cacheSeconds", 300}});
}

nlohmann::json BadgeKeyObject(const BadgeKey& key) {
  return {{"id", key.id}, {"team", key.team}, {"created_at", FormatTimestamp(key.created_at)}};
}

void CreateBadgeKey(HttpContext& context, const httplib::Request& req, httplib::Response& res) {
  std::string team;
  try {
    const nlohmann::json body = nlohmann::json::parse(req.body);
    if (!body.is_object() || !body.contains("team")) {
      throw std::invalid_argument("the body must be a JSON object with a \"team\"");
    }
    team = StringField(body["team"], "team");
  } catch (const nlohmann::json::exception&) {
    return ReplyError(res, 400, "the body must be a JSON object with a \"team\"");
  } catch (const std::invalid_argument& error) {
    return ReplyError(res, 400, error.what());
  }
  const std::string key = GenerateToken();
  const WriteResult result = context.store.CreateBadgeKey(team, HashToken(key));
  if (result.status != WriteStatus::kOk) return ReplyWriteFailure(res, result);
  nlohmann::json answer = BadgeKeyObject(*result.badge_key);
  const std::string base = ExternalUrl(context, req) + "/badge/" + key + "/";
  answer["key"] = key;
  answer["badge_url"] = base + "<application or team>.svg";
  answer["shields_url"] = base + "<application or team>.shields";
  ReplyJson(res, 201, answer);
}

void RevokeBadgeKey(HttpContext& context, const httplib::Request& req, httplib::Response& res) {
  const std::string id_text = req.matches[1];
  if (id_text.size() > 18) return ReplyError(res, 404, "no badge key " + id_text);
  const WriteResult result = context.store.RevokeBadgeKey(std::stoll(id_text));
  if (result.status != WriteStatus::kOk) return ReplyWriteFailure(res, result);
  ReplyJson(res, 200, {{"id", std::stoll(id_text)}, {"revoked", true}});
}

}  // namespace

std::vector<Route> BadgeRoutes(HttpContext& context) {
  auto badge = [&context](const httplib::Request& req, httplib::Response& res) {
    ServeBadge(context, req, res);
  };
  auto list = [&context](const httplib::Request&, httplib::Response& res) {
    nlohmann::json keys = nlohmann::json::array();
    for (const BadgeKeyRecord& key : context.store.badge_keys().List()) {
      keys.push_back(BadgeKeyObject(*key));
    }
    ReplyJson(res, 200, keys);
  };
  auto create = [&context](const httplib::Request& req, httplib::Response& res) {
    CreateBadgeKey(context, req, res);
  };
  auto revoke = [&context](const httplib::Request& req, httplib::Response& res) {
    RevokeBadgeKey(context, req, res);
  };
  const auto admin = Auth::kAdminBearer;
  const auto limited = BodyPolicy::kLimited;
  return {
      // Auth::kToken: the badge key in the path is the credential (checked here).
      {Method::kGet,
       R"(/badge/([^/]+)/([^/]+)\.(svg|json|shields))",
       "badge",
       Auth::kToken,
       limited,
       false,
       badge,
       {}},
      {Method::kGet, "/api/v1/badge-keys", "api", admin, limited, false, list, {}},
      {Method::kPost, "/api/v1/badge-keys", "api", admin, limited, false, create, {}},
      {Method::kDelete, R"(/api/v1/badge-keys/([0-9]+))", "api", admin, limited, false, revoke, {}},
  };
}

}  // namespace heartbeat::http
