#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace heartbeat::web {

// The one escaping helper of every page: text (and attribute values, always
// double-quoted) with & < > " ' replaced, so an application named
// `<img src=x onerror=alert(1)>` is shown as those characters.
std::string Escape(std::string_view text);

// The headers every page and asset is sent with: a strict Content-Security-Policy
// (only this exporter's own CSS, JS and images; no inline script or style, no
// frames), nosniff and no referrer.
inline constexpr const char* kContentSecurityPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

// A share as a percentage with up to two decimals ("99.95%"), "-" when unknown.
std::string Percent(const std::optional<double>& share);

}  // namespace heartbeat::web
