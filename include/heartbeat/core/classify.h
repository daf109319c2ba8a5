#pragma once

#include <string>
#include <string_view>

#include "heartbeat/core/ping_filter.h"
#include "heartbeat/core/signal.h"

namespace heartbeat {

struct Classification {
  SignalKind kind = SignalKind::kOk;
  ClassifiedBy by = ClassifiedBy::kRequest;
  std::string keyword;  // the keyword found, for the keyword classifications
};

// What a ping means once the application's filter has read it, as healthchecks.io
// decides: a non-POST ping to a POST-only application is ignored; with keywords,
// the body decides (failure keywords first, then success, then start; none found:
// ignored, or a failure with fail_when_no_keyword_matches); otherwise `requested`,
// the kind the URL or parameters asked for, stands.
Classification ClassifyPing(const PingFilter& filter, SignalKind requested, bool is_post,
                            std::string_view body);

// Copies a classification into the signal it describes.
void ApplyClassification(const Classification& classification, Signal& signal);

}  // namespace heartbeat
