#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "heartbeat/core/status_page.h"
#include "heartbeat/store/state_index.h"

namespace heartbeat::web {

// The status pages of the config file now: replaced whole on every load and
// reload, read by the /status/<slug> handler.
class StatusPageRegistry {
 public:
  void Replace(std::vector<StatusPageSpec> pages);
  // Null when no page has this slug.
  std::shared_ptr<const StatusPageSpec> Find(const std::string& slug) const;
  std::vector<StatusPageSpec> List() const;

 private:
  mutable std::mutex mutex_;
  std::vector<std::shared_ptr<const StatusPageSpec>> pages_;
};

// The applications a page shows, by name: those it lists that exist and every
// application of the teams it lists, each once.
std::vector<ApplicationRecord> ApplicationsOn(const StatusPageSpec& page,
                                              const std::vector<ApplicationRecord>& snapshot);

}  // namespace heartbeat::web
