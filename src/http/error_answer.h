#pragma once

#include <string>

namespace heartbeat::http {

// A whole HTTP/1.1 answer for a request refused before httplib saw it, with
// "Connection: close": {"error": sentence} as JSON, or the sentence as plain
// text under /ping/ (healthchecks.io answers text).
std::string ErrorAnswer(int status, const std::string& sentence, bool plain_text);

}  // namespace heartbeat::http
