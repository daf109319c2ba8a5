#pragma once

// Private to the web module: the static assets, compiled in (no build step, no CDN).

namespace heartbeat::web {

extern const char* const kStylesheet;
extern const char* const kScript;

}  // namespace heartbeat::web
