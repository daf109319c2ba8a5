#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "ctl/url.h"
#include "heartbeat/core/clock.h"
#include "heartbeat/core/safe_text.h"

namespace heartbeat::ctl {

// Every field from the server is shown through SafeText (heartbeat/core/safe_text.h).
using heartbeat::SafeText;

// A timestamp from the API (ISO 8601 string, epoch seconds, or null) for people:
// "2024-05-01 10:00:00Z (5m ago)", "in 1h" for the future, `missing` for null.
std::string FormatTime(const nlohmann::json& value, TimePoint now, const std::string& missing);

// `app list`: one aligned row per check object with name, team, state, last
// check-in and deadline, under a header row.
std::string FormatApplicationTable(const nlohmann::json& applications, TimePoint now);

// `app show`: "key: value" lines, aligned, known fields first in a fixed order,
// then any other field the server sent.
std::string FormatApplicationDetails(const nlohmann::json& application, TimePoint now);

// `app history`: one aligned row per signal, newest as the server ordered them.
std::string FormatSignalTable(const nlohmann::json& signals);

// After `app add` / `app token`: the ping URL and statuscope signal URL for the
// new token, with ready-to-paste curl and `heartbeatctl exec` lines. URLs the
// server did not send are built from `server`.
std::string FormatSignalInstructions(const std::string& name, const nlohmann::json& answer,
                                     const HttpUrl& server);

// `key list`: one aligned row per ping key (never the key itself, which the server
// does not keep), with its auto-provisioning settings.
std::string FormatPingKeyTable(const nlohmann::json& keys, TimePoint now);

// After `key add`: the key, the URL shapes it opens and what auto-provisioning does.
std::string FormatPingKeyInstructions(const nlohmann::json& answer);

}  // namespace heartbeat::ctl
