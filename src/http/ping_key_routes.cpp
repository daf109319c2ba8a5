// The management API's ping keys (/api/v1/ping-keys), behind the admin bearer
// token: create (the key is shown once), list, revoke.
#include <nlohmann/json.hpp>

#include "heartbeat/core/timestamp.h"
#include "heartbeat/core/token.h"
#include "http/body_fields.h"
#include "http/request_helpers.h"
#include "http/routes.h"

namespace heartbeat::http {

namespace {

nlohmann::json KeyObject(const PingKey& key) {
  const ApplicationSpec& provision = key.provision;
  return {{"id", key.id},
          {"team", key.team},
          {"auto_provision", key.auto_provision},
          {"interval", provision.interval.count()},
          {"schedule", provision.schedule.empty() ? nlohmann::json(nullptr)
                                                  : nlohmann::json(provision.schedule)},
          {"timezone", provision.timezone},
          {"grace", provision.grace.count()},
          {"created_at", FormatTimestamp(key.created_at)}};
}

// Reads a create body into `key` (`secret` receives an imported key). Throws
// std::invalid_argument with the sentence for the 400 answer.
void ReadKeyBody(const nlohmann::json& body, PingKey& key, std::optional<std::string>& secret) {
  if (!body.is_object()) throw std::invalid_argument("the request body must be a JSON object");
  if (!body.contains("team")) {
    throw std::invalid_argument(
        "team is missing: a ping key belongs to one team (\"\" for applications without one)");
  }
  for (const auto& [field, value] : body.items()) {
    if (field == "team") {
      key.team = StringField(value, field);
    } else if (field == "key") {
      secret = StringField(value, field);
    } else if (field == "auto_provision") {
      key.auto_provision = BoolField(value, field);
    } else if (field == "interval") {
      key.provision.interval = DurationField(value, field);
    } else if (field == "schedule") {
      key.provision.schedule = StringField(value, field);
    } else if (field == "timezone") {
      key.provision.timezone = StringField(value, field);
      if (key.provision.timezone.empty()) key.provision.timezone = "UTC";
    } else if (field == "grace") {
      key.provision.grace = DurationField(value, field);
    } else {
      throw std::invalid_argument("unknown field \"" + field +
                                  "\"; use team, key, auto_provision, interval, schedule, "
                                  "timezone, grace");
    }
  }
  // healthchecks.io's defaults for auto-provisioned checks, where the body is silent.
  if (key.auto_provision) {
    if (!body.contains("interval") && !body.contains("schedule")) {
      key.provision.interval = kDefaultProvisionInterval;
    }
    if (!body.contains("grace")) key.provision.grace = kDefaultProvisionGrace;
  }
}

void Create(HttpContext& context, const httplib::Request& req, httplib::Response& res) {
  const auto body =
      nlohmann::json::parse(req.body.empty() ? std::string("{}") : req.body, nullptr, false);
  if (body.is_discarded()) return ReplyError(res, 400, "the request body is not valid JSON");
  PingKey key;
  std::optional<std::string> secret;
  try {
    ReadKeyBody(body, key, secret);
  } catch (const std::invalid_argument& error) {
    return ReplyError(res, 400, error.what());
  }
  if (secret) {
    if (std::string why = CheckImportedSecret(*secret, "ping key"); !why.empty()) {
      return ReplyError(res, 400, why);
    }
  } else {
    secret = GenerateToken();
  }
  key.key_hash = HashToken(*secret);
  const WriteResult result = context.store.CreatePingKey(std::move(key));
  if (result.status != WriteStatus::kOk) return ReplyWriteFailure(res, result);
  nlohmann::json answer = KeyObject(*result.ping_key);
  const std::string base = ExternalUrl(context, req);
  answer["key"] = *secret;
  answer["slug_url"] = base + "/ping/" + *secret + "/<name>";
  answer["cronitor_url"] = base + "/p/" + *secret + "/<name>";
  ReplyJson(res, 201, answer);
}

void List(HttpContext& context, const httplib::Request& req, httplib::Response& res) {
  nlohmann::json keys = nlohmann::json::array();
  for (const PingKeyRecord& key : context.store.ping_keys().List()) {
    if (req.has_param("team") && key->team != req.get_param_value("team")) continue;
    keys.push_back(KeyObject(*key));
  }
  ReplyJson(res, 200, keys);
}

void Revoke(HttpContext& context, const httplib::Request& req, httplib::Response& res) {
  const std::string id_text = req.matches[1];
  const PingKeyRecord key =
      id_text.size() > 18 ? nullptr : context.store.ping_keys().FindById(std::stoll(id_text));
  if (!key) return ReplyError(res, 404, "no ping key " + id_text);
  // `team` guards against revoking another team's key by a mistyped id.
  if (req.has_param("team") && key->team != req.get_param_value("team")) {
    return ReplyError(res, 409,
                      "ping key " + id_text + " belongs to team \"" + key->team + "\", not \"" +
                          req.get_param_value("team") + "\"");
  }
  const WriteResult result = context.store.RevokePingKey(key->id);
  if (result.status != WriteStatus::kOk) return ReplyWriteFailure(res, result);
  ReplyJson(res, 200, {{"id", key->id}, {"team", key->team}, {"revoked", true}});
}

}  // namespace

std::vector<Route> PingKeyRoutes(HttpContext& context) {
  // Auth::kAdminBearer: the table checks the admin token before the handler runs.
  const auto row = [&context](Method method, const char* pattern, auto handler) {
    return Route{method,
                 pattern,
                 "api",
                 Auth::kAdminBearer,
                 BodyPolicy::kLimited,
                 false,
                 [&context, handler](const httplib::Request& req, httplib::Response& res) {
                   handler(context, req, res);
                 },
                 {}};
  };
  return {row(Method::kGet, "/api/v1/ping-keys", List),
          row(Method::kPost, "/api/v1/ping-keys", Create),
          row(Method::kDelete, R"(/api/v1/ping-keys/([0-9]+))", Revoke)};
}

}  // namespace heartbeat::http
