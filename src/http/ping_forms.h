#pragma once

// The forms a /ping/ URL can take besides the UUID form of ping_routes.cpp:
// healthchecks.io's slug URLs (slug_ping.cpp) and the Cronitor CLI's telemetry
// URL (cronitor_routes.cpp), plus what the healthchecks.io forms share.

#include <httplib.h>

#include <optional>
#include <string>

#include "heartbeat/core/ping_key.h"
#include "heartbeat/core/signal.h"
#include "http/context.h"
#include "http/ping_path.h"

namespace heartbeat::http {

// Checks the action and `rid` as healthchecks.io does, answering 400/404 itself.
// Returns false when it answered.
bool CheckActionAndRid(const PingAction& action, const httplib::Request& req,
                       httplib::Response& res);

// The answer to a recorded (or failed) healthchecks.io ping: `OK`, or `Created`
// (201) when the application was just auto-provisioned.
void ReplyPingWrite(httplib::Response& res, const WriteResult& result, bool created);

// /ping/<ping_key>/<slug>[/<action>]: the key is known (and no application's token).
void HandleSlugPing(HttpContext& context, const httplib::Request& req, httplib::Response& res,
                    const PingKey& key, const std::string& slug, const std::string& action,
                    std::string body);

// /ping/<ping_key>/<monitor>?state=...: what the Cronitor CLI sends.
void HandleCronitorPing(HttpContext& context, const httplib::Request& req, httplib::Response& res,
                        const std::string& key, const std::string& monitor, std::string body);

}  // namespace heartbeat::http
