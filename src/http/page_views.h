#pragma once

// Private to src/http: what the page, status page and badge handlers share:
// records turned into the views src/web renders, and the headers of every page.

#include <httplib.h>

#include <string>
#include <vector>

#include "heartbeat/web/pages.h"
#include "http/context.h"

namespace heartbeat::http {

// The uptime windows go back this far (the longest, 30 days).
inline constexpr std::chrono::hours kUptimeSpan{24 * 30};

// One application with its state now and its uptime from `flips` (the last 30 days).
web::ApplicationView ViewOf(HttpContext& context, const ApplicationRecord& app,
                            const std::vector<Flip>& flips, TimePoint now);
// Every record of `apps`, with one read of the flips for all of them.
std::vector<web::ApplicationView> ViewsOf(HttpContext& context,
                                          const std::vector<ApplicationRecord>& apps,
                                          TimePoint now);
web::PageInfo PageInfoOf(const HttpContext& context, TimePoint now);

// An HTML answer with the strict Content-Security-Policy and friends.
void ReplyPage(httplib::Response& res, int status, const std::string& html);

}  // namespace heartbeat::http
