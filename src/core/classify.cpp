#include "heartbeat/core/classify.h"

namespace heartbeat {
namespace {

const std::string* FindKeyword(const std::vector<std::string>& keywords, std::string_view body) {
  for (const std::string& keyword : keywords) {
    if (body.find(keyword) != std::string_view::npos) return &keyword;
  }
  return nullptr;
}

}  // namespace

Classification ClassifyPing(const PingFilter& filter, SignalKind requested, bool is_post,
                            std::string_view body) {
  if (filter.post_only && !is_post) return {SignalKind::kIgnored, ClassifiedBy::kMethod, ""};
  if (!filter.keywords_enabled()) return {requested, ClassifiedBy::kRequest, ""};
  const struct {
    const std::vector<std::string>& keywords;
    SignalKind kind;
    ClassifiedBy by;
  } rules[] = {
      {filter.failure_keywords, SignalKind::kFail, ClassifiedBy::kFailureKeyword},
      {filter.success_keywords, SignalKind::kOk, ClassifiedBy::kSuccessKeyword},
      {filter.start_keywords, SignalKind::kStart, ClassifiedBy::kStartKeyword},
  };
  for (const auto& rule : rules) {
    if (const std::string* found = FindKeyword(rule.keywords, body)) {
      return {rule.kind, rule.by, *found};
    }
  }
  return {filter.fail_when_no_keyword_matches ? SignalKind::kFail : SignalKind::kIgnored,
          ClassifiedBy::kNoKeywordMatched, ""};
}

void ApplyClassification(const Classification& classification, Signal& signal) {
  signal.kind = classification.kind;
  signal.classified_by = classification.by;
  signal.matched_keyword = classification.keyword;
}

}  // namespace heartbeat
