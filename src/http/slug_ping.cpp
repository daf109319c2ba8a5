// healthchecks.io's slug URLs: /ping/<ping_key>/<slug>[/start|/fail|/log|/<exit status>]
// [?rid=<uuid>][&create=1]. The slug is the application's name within the key's
// team; answers and headers are those of the UUID form, plus 201 `Created` when
// `create=1` auto-provisioned the application.
#include "http/job_metrics_intake.h"
#include "http/ping_forms.h"
#include "http/push_signal.h"
#include "http/request_helpers.h"

namespace heartbeat::http {

void HandleSlugPing(HttpContext& context, const httplib::Request& req, httplib::Response& res,
                    const PingKey& key, const std::string& slug, const std::string& action_text,
                    std::string body) {
  const PingAction action = ParsePingAction(action_text);
  // Checked before anything is created: a malformed ping (or job metrics) provisions nothing.
  if (!CheckActionAndRid(action, req, res)) return;
  PushRequest push;
  push.requested = action.kind;
  push.exit_status = action.exit_status;
  push.rid = req.get_param_value("rid");
  if (!TakePingBody(context, action, req, res, std::move(body), push)) return;
  const bool create = req.get_param_value("create") == "1";
  const KeyedApplication target = ResolveKeyed(context, key, slug, create);
  if (target.outcome == KeyedOutcome::kStoreFailed) return ReplyText(res, 503, target.message);
  if (!target.app) return ReplyText(res, 404, "not found");
  const bool created = target.outcome == KeyedOutcome::kCreated;
  RecordPushThenReply(context, *target.app, req, std::move(push), res,
                      [created](httplib::Response& answer, const WriteResult& result) {
                        ReplyPingWrite(answer, result, created);
                      });
}

}  // namespace heartbeat::http
