#include "heartbeat/core/ping_filter.h"

#include "heartbeat/core/text.h"

namespace heartbeat {

std::vector<std::string> SplitKeywords(const std::string& text) {
  std::vector<std::string> keywords;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    std::string keyword = Trim(std::string_view(text).substr(start, comma - start));
    if (!keyword.empty()) keywords.push_back(std::move(keyword));
    start = comma + 1;
  }
  return keywords;
}

std::string CheckKeywords(const std::vector<std::string>& keywords, const std::string& field) {
  if (keywords.size() > kMaxKeywords) {
    return field + " has " + std::to_string(keywords.size()) + " keywords; at most " +
           std::to_string(kMaxKeywords) + " are allowed";
  }
  for (const std::string& keyword : keywords) {
    if (keyword.empty() || Trim(keyword) != keyword) {
      return field + " has a blank keyword or one with surrounding spaces";
    }
    if (keyword.size() > kMaxKeywordLength) {
      return field + " has a keyword longer than " + std::to_string(kMaxKeywordLength) + " bytes";
    }
    for (char c : keyword) {
      // A comma would split the keyword when the list is written as one string.
      if (c == ',' || static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
        return field + " keyword \"" + keyword + "\" contains a comma or a control character";
      }
    }
  }
  return "";
}

std::string CheckPingFilter(const PingFilter& filter) {
  for (const auto& [keywords, field] : {std::pair{&filter.success_keywords, "success_keywords"},
                                        std::pair{&filter.failure_keywords, "failure_keywords"},
                                        std::pair{&filter.start_keywords, "start_keywords"}}) {
    if (std::string why = CheckKeywords(*keywords, field); !why.empty()) return why;
  }
  if (filter.fail_when_no_keyword_matches && !filter.keywords_enabled()) {
    return "fail_when_no_keyword_matches needs at least one of success_keywords, "
           "failure_keywords or start_keywords";
  }
  return "";
}

const char* MethodsName(const PingFilter& filter) { return filter.post_only ? "POST" : ""; }

bool ParseMethods(const std::string& text, bool& post_only) {
  const std::string upper = ToUpper(Trim(text));
  if (upper != "" && upper != "POST") return false;
  post_only = upper == "POST";
  return true;
}

}  // namespace heartbeat
