#pragma once

// Shared by the push protocols (healthchecks.io UUID and slug URLs, Cronitor,
// Uptime Kuma): recording a ping through the application's filter, and finding
// (or auto-provisioning) an application addressed by a team's ping key.

#include <httplib.h>

#include <memory>
#include <optional>
#include <string>

#include "heartbeat/core/ping_key.h"
#include "heartbeat/core/signal.h"
#include "http/context.h"
#include "http/deferred_answer.h"

namespace heartbeat::http {

// What a protocol handler asks for, once it has parsed its request.
struct PushRequest {
  SignalKind requested = SignalKind::kOk;
  std::optional<int> exit_status;
  std::string rid;
  std::string body;  // already within the body limit
  std::optional<double> reported_duration;
  // The job's own metrics (issue 16), kept if the ping is a success.
  std::shared_ptr<const JobMetrics> job_metrics;
  // The body is those metrics, not a log: keyword filters do not read it.
  bool body_is_job_metrics = false;
};

// Classifies the ping by the application's keywords and methods (a non-POST
// request to a POST-only application is ignored), records it and answers with
// `reply` once it is committed (RecordSignalThenReply: the handler's last step).
void RecordPushThenReply(HttpContext& context, const Application& app, const httplib::Request& req,
                         PushRequest push, httplib::Response& res, SignalReply reply);

enum class KeyedOutcome { kFound, kCreated, kNotFound, kStoreFailed };

struct KeyedApplication {
  KeyedOutcome outcome = KeyedOutcome::kNotFound;
  ApplicationRecord app;
  std::string message;  // the store's sentence for kStoreFailed
};

// The application `name` of the key's team. A missing one is created when
// `create` is asked and the key allows auto-provisioning. Names are unique across
// teams, so another team's application is "not found" for this key (and cannot be
// created either): a key never reaches beyond its team, nor tells what lies there.
KeyedApplication ResolveKeyed(HttpContext& context, const PingKey& key, const std::string& name,
                              bool create);

// The tail of `text` within the body limit, as a ping body is kept.
std::string WithinBodyLimit(const HttpContext& context, std::string text);

}  // namespace heartbeat::http
