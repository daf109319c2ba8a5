#include "http/push_signal.h"

#include "heartbeat/core/classify.h"
#include "heartbeat/core/tail_buffer.h"
#include "heartbeat/core/token.h"
#include "heartbeat/log/logging.h"

namespace heartbeat::http {

void RecordPushThenReply(HttpContext& context, const Application& app, const httplib::Request& req,
                         PushRequest push, httplib::Response& res, SignalReply reply) {
  Signal signal;
  PingFilter methods_only;  // for job metrics: numbers, not a log; only `methods: POST` applies
  methods_only.post_only = app.spec.ping_filter().post_only;
  const PingFilter& filter = push.body_is_job_metrics ? methods_only : app.spec.ping_filter();
  ApplyClassification(ClassifyPing(filter, push.requested, req.method == "POST", push.body),
                      signal);
  signal.exit_status = push.exit_status;
  signal.rid = std::move(push.rid);
  signal.body = std::move(push.body);
  signal.reported_duration = push.reported_duration;
  signal.remote_address = req.remote_addr;
  signal.user_agent = req.get_header_value("User-Agent");
  signal.job_metrics = std::move(push.job_metrics);
  RecordSignalThenReply(context, res, app.id, std::move(signal), std::move(reply));
}

namespace {

KeyedApplication FoundInTeam(const ApplicationRecord& app, const PingKey& key) {
  if (!app || app->spec.team != key.team) return {KeyedOutcome::kNotFound, nullptr, ""};
  return {KeyedOutcome::kFound, app, ""};
}

}  // namespace

KeyedApplication ResolveKeyed(HttpContext& context, const PingKey& key, const std::string& name,
                              bool create) {
  if (ApplicationRecord app = context.index.FindByName(name)) return FoundInTeam(app, key);
  if (!create || !key.auto_provision || !IsValidApplicationName(name)) {
    return {KeyedOutcome::kNotFound, nullptr, ""};
  }
  // Nobody is shown this token: the application is reached by name with the key,
  // and an operator who wants a token URL rotates it (POST .../token).
  const WriteResult created = context.store.CreateApplication(
      ProvisionedSpec(key, name), HashToken(GenerateToken()), /*declared=*/false);
  switch (created.status) {
    case WriteStatus::kOk:
      LogInfo("application auto-provisioned",
              {{"application", name}, {"team", key.team}, {"ping_key", std::to_string(key.id)}});
      return {KeyedOutcome::kCreated, created.record, ""};
    case WriteStatus::kConflict:
      // Another ping created it in the meantime: use it if it is in this team.
      return FoundInTeam(context.index.FindByName(name), key);
    case WriteStatus::kFailed:
      return {KeyedOutcome::kStoreFailed, nullptr, created.message};
    case WriteStatus::kInvalid:
    case WriteStatus::kNotFound:
      break;
  }
  LogWarn("cannot auto-provision an application",
          {{"application", name}, {"ping_key", std::to_string(key.id)}, {"err", created.message}});
  return {KeyedOutcome::kNotFound, nullptr, ""};
}

std::string WithinBodyLimit(const HttpContext& context, std::string text) {
  if (text.size() <= static_cast<std::size_t>(context.options.body_limit)) return text;
  TailBuffer tail(static_cast<std::size_t>(context.options.body_limit));
  tail.Append(text);
  return tail.Take();
}

}  // namespace heartbeat::http
