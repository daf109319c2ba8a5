#pragma once

#include <string>
#include <vector>

namespace heartbeat {

// What decides the meaning of a ping besides its URL: healthchecks.io's keyword
// filtering and its "methods: POST" switch, per application.
struct PingFilter {
  // Case-sensitive substrings looked for in the ping body. Failure keywords are
  // tried first, then success, then start (healthchecks.io's order).
  std::vector<std::string> success_keywords;
  std::vector<std::string> failure_keywords;
  std::vector<std::string> start_keywords;
  // With keywords set and none found: a failure instead of an ignored ping.
  bool fail_when_no_keyword_matches = false;
  // `methods: POST`: HEAD and GET pings are answered but ignored, so link
  // previews and crawlers that follow a ping URL cannot signal.
  bool post_only = false;

  bool keywords_enabled() const {
    return !success_keywords.empty() || !failure_keywords.empty() || !start_keywords.empty();
  }
  bool is_default() const {
    return !keywords_enabled() && !fail_when_no_keyword_matches && !post_only;
  }

  bool operator==(const PingFilter& other) const {
    return success_keywords == other.success_keywords &&
           failure_keywords == other.failure_keywords && start_keywords == other.start_keywords &&
           fail_when_no_keyword_matches == other.fail_when_no_keyword_matches &&
           post_only == other.post_only;
  }
  bool operator!=(const PingFilter& other) const { return !(*this == other); }
};

inline constexpr std::size_t kMaxKeywords = 32;
inline constexpr std::size_t kMaxKeywordLength = 200;

// A keyword list from one comma-separated string (healthchecks.io's form):
// items trimmed, empty items dropped.
std::vector<std::string> SplitKeywords(const std::string& text);

// Empty when `keywords` are usable, else a sentence about the list named `field`.
std::string CheckKeywords(const std::vector<std::string>& keywords, const std::string& field);

// Empty when the filter is consistent, else a sentence.
std::string CheckPingFilter(const PingFilter& filter);

// "POST" for a POST-only filter, "" otherwise: the `methods` field as healthchecks.io spells it.
const char* MethodsName(const PingFilter& filter);
// Reads a `methods` value ("" or "POST", any case); false when it is neither.
bool ParseMethods(const std::string& text, bool& post_only);

}  // namespace heartbeat
