#pragma once

// Private to the store: how an application's PingFilter is kept in its row.

#include <string>

#include "heartbeat/core/ping_filter.h"

namespace heartbeat {

// "" for the default filter, so rows of applications without one stay small.
std::string PingFilterToText(const PingFilter& filter);
// Throws nlohmann::json's exceptions on text this store did not write.
PingFilter PingFilterFromText(const std::string& text);

}  // namespace heartbeat
