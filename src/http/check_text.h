#pragma once

#include <string>

#include "heartbeat/core/application.h"
#include "heartbeat/core/clock.h"

namespace heartbeat::http {

// The check object as JSON text: the same bytes as CheckObject(app, now)
// dumped compactly with invalid UTF-8 replaced (tests/http/check_text_test.cpp
// holds them equal), written directly. Building and freeing the nlohmann object
// (a std::map of 30-odd members) was 14 % of the exporter's CPU under a POST
// /signal load (issue 11). Its members are written in the order std::map keeps
// them, straight into one string.
std::string CheckText(const Application& app, TimePoint now);

}  // namespace heartbeat::http
