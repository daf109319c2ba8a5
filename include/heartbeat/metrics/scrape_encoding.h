#pragma once

#include <string_view>

namespace heartbeat {

// How a scrape's text goes on the wire: gzip or as is, or neither when the
// client refuses both (HTTP 406).
enum class ScrapeEncoding { kIdentity, kGzip, kNotAcceptable };

// Negotiates the content coding of /metrics from the request's Accept-Encoding
// value(s) (RFC 9110 §12.5.3), joined with commas; `present` is false when the
// request has no Accept-Encoding at all (then the text goes as is, as client_golang
// does). gzip (or x-gzip, or `*`) with a weight above 0 wins unless identity is
// listed with a higher weight; identity is acceptable unless "identity;q=0", or
// "*;q=0" without an identity entry, excludes it. Codings are matched without
// regard to case; an entry with a malformed weight is ignored.
ScrapeEncoding ChooseScrapeEncoding(std::string_view accept_encoding, bool present = true);

}  // namespace heartbeat
