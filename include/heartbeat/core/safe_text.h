#pragma once

#include <string>
#include <string_view>

namespace heartbeat {

// Text from a client or the store made safe to show: control characters and
// bytes that are not UTF-8 are escaped (\n, \x1b, \u0085), so a ping's
// User-Agent cannot move a terminal's cursor or split a table row, and an error
// sentence quoting a request stays valid UTF-8; text longer than `max_chars`
// characters is cut with an ellipsis.
std::string SafeText(std::string_view text, std::size_t max_chars = 200);

// A client's value quoted for an error sentence: SafeText within quotes, cut
// short, so an answer never echoes more than a readable prefix.
std::string QuotedForMessage(std::string_view value, std::size_t max_chars = 64);

}  // namespace heartbeat
