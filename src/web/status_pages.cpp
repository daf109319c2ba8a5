#include "heartbeat/web/status_pages.h"

#include <algorithm>

namespace heartbeat::web {

void StatusPageRegistry::Replace(std::vector<StatusPageSpec> pages) {
  std::vector<std::shared_ptr<const StatusPageSpec>> replacement;
  replacement.reserve(pages.size());
  for (StatusPageSpec& page : pages) {
    replacement.push_back(std::make_shared<const StatusPageSpec>(std::move(page)));
  }
  std::lock_guard lock(mutex_);
  pages_ = std::move(replacement);
}

std::shared_ptr<const StatusPageSpec> StatusPageRegistry::Find(const std::string& slug) const {
  std::lock_guard lock(mutex_);
  for (const auto& page : pages_) {
    if (page->slug == slug) return page;
  }
  return nullptr;
}

std::vector<StatusPageSpec> StatusPageRegistry::List() const {
  std::lock_guard lock(mutex_);
  std::vector<StatusPageSpec> pages;
  for (const auto& page : pages_) pages.push_back(*page);
  return pages;
}

std::vector<ApplicationRecord> ApplicationsOn(const StatusPageSpec& page,
                                              const std::vector<ApplicationRecord>& snapshot) {
  std::vector<ApplicationRecord> shown;
  auto listed = [](const std::vector<std::string>& list, const std::string& value) {
    return std::find(list.begin(), list.end(), value) != list.end();
  };
  // The snapshot is sorted by name, so the page is too.
  for (const ApplicationRecord& app : snapshot) {
    if (listed(page.applications, app->spec.name) || listed(page.teams, app->spec.team)) {
      shown.push_back(app);
    }
  }
  return shown;
}

}  // namespace heartbeat::web
