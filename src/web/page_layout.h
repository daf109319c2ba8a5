#pragma once

// Private to the web module: what every page starts and ends with.

#include <optional>
#include <string>

#include "heartbeat/core/clock.h"
#include "heartbeat/core/state.h"

namespace heartbeat::web {

// The document head (stylesheet, script, viewport) and the header with `heading`.
std::string PageStart(const std::string& title, const std::string& nav_html);
std::string PageEnd(const std::string& footer_html);
// `<span class="state state-late">late</span>`.
std::string StateBadge(State state);
// `<time datetime="...">...</time>`, or `missing` when there is no time.
std::string TimeElement(const std::optional<TimePoint>& time, const char* missing);
// A path segment percent-encoded (names are [A-Za-z0-9._-], but never trust that here).
std::string PathSegment(const std::string& text);

}  // namespace heartbeat::web
