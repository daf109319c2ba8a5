// statuscope's wire protocol: POST /signal, GET /checks[/<application>], GET /healthz.
#include <algorithm>
#include <cctype>

#include "heartbeat/core/text.h"
#include "heartbeat/core/token.h"
#include "http/check_list.h"
#include "http/check_text.h"
#include "http/deferred_answer.h"
#include "http/request_helpers.h"
#include "http/routes.h"

namespace heartbeat::http {

namespace {

void HandleSignal(HttpContext& context, const httplib::Request& req, httplib::Response& res) {
  const auto parameters = RequestParameters(req, res);
  if (!parameters) return;
  std::string values[3];
  const char* names[3] = {"application", "token", "status"};
  for (int i = 0; i < 3; ++i) {
    const auto it = parameters->find(names[i]);
    if (it != parameters->end()) values[i] = Trim(it->second);
    if (values[i].empty()) {
      ReplyError(res, 400,
                 std::string("the parameter \"") + names[i] +
                     "\" is missing or blank; send application, token and status (ok or fail)");
      return;
    }
  }
  const std::string status = ToLower(values[2]);
  if (status != "ok" && status != "fail") {
    ReplyError(res, 422, "status must be \"ok\" or \"fail\", not \"" + values[2] + "\"");
    return;
  }
  // Unknown application and wrong token get the same answer, so names cannot be probed.
  const ApplicationRecord app = context.index.FindByToken(HashToken(values[1]));
  if (!app || app->spec.name != values[0]) {
    ReplyError(res, 404, "unknown application or wrong token");
    return;
  }
  Signal signal;
  signal.kind = status == "ok" ? SignalKind::kOk : SignalKind::kFail;
  signal.exit_status = status == "ok" ? 0 : 1;
  signal.remote_address = req.remote_addr;
  signal.user_agent = req.get_header_value("User-Agent");
  RecordSignalThenReply(context, res, app->id, std::move(signal),
                        [&context](httplib::Response& answer, const WriteResult& result) {
                          if (result.status == WriteStatus::kNotFound) {
                            return ReplyError(answer, 404, "unknown application or wrong token");
                          }
                          if (result.status != WriteStatus::kOk) {
                            return ReplyWriteFailure(answer, result);
                          }
                          ReplyJsonText(answer, 201,
                                        CheckText(*result.record, context.clock.Now()));
                        });
}

}  // namespace

std::vector<Route> StatuscopeRoutes(HttpContext& context) {
  auto signal = [&context](const httplib::Request& req, httplib::Response& res) {
    HandleSignal(context, req, res);
  };
  // --web.checks-auth=admin puts the check objects behind the admin token too.
  const auto allowed = [&context](const httplib::Request& req, httplib::Response& res) {
    return !context.options.checks_need_admin_token || Authorize(context, req, res);
  };
  auto checks = [&context, allowed](const httplib::Request& req, httplib::Response& res) {
    if (!allowed(req, res)) return;
    ReplyCheckList(res, context.index.Snapshot(), context.clock.Now());
  };
  auto check = [&context, allowed](const httplib::Request& req, httplib::Response& res) {
    if (!allowed(req, res)) return;
    const ApplicationRecord app = context.index.FindByName(req.matches[1]);
    if (!app) return ReplyError(res, 404, "no application named \"" + req.matches[1].str() + "\"");
    ReplyJsonText(res, 200, CheckText(*app, context.clock.Now()));
  };
  auto healthz = [](const httplib::Request&, httplib::Response& res) {
    ReplyJson(res, 200, {{"status", "ok"}});
  };
  return {
      {Method::kPost,
       "/signal",
       "signal",
       Auth::kToken,
       BodyPolicy::kLimited,
       false,
       signal,
       {},
       /*never_waits=*/true},
      {Method::kGet, "/checks", "checks", Auth::kBasic, BodyPolicy::kLimited, false, checks, {}},
      {Method::kGet,
       R"(/checks/([^/]+))",
       "checks",
       Auth::kBasic,
       BodyPolicy::kLimited,
       false,
       check,
       {}},
      {Method::kGet, "/healthz", "healthz", Auth::kBasic, BodyPolicy::kLimited, false, healthz, {}},
  };
}

}  // namespace heartbeat::http
