#pragma once

#include <map>
#include <optional>
#include <string>

#include "heartbeat/core/application.h"

namespace heartbeat::http {

// Healthchecker.Server's appname is free text ("Sample HealthChecker App");
// an application name is [A-Za-z0-9._-]: every other run of characters becomes
// one '-', leading and trailing '-' go, and the result is capped at 128 bytes
// ("Sample-HealthChecker-App"). Empty when nothing is left.
std::string ApplicationNameFor(const std::string& appname);
// The appname as it may be echoed in an answer: printable ASCII, at most 64 characters.
std::string DisplayAppname(const std::string& appname);

// The probe a /healthchecker/monitor form asks for: <url>/health with the
// form's timing and e-mail. Empty with `problem` and `status` set: 400 for a
// bad URL, e-mail or number, 406 for a number outside the documented ranges.
std::optional<ProbeSpec> ProbeFromForm(const std::map<std::string, std::string>& form,
                                       std::string& problem, int& status);

}  // namespace heartbeat::http
