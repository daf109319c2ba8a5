#include "heartbeat/store/job_metrics_catalog.h"

#include <algorithm>

namespace heartbeat {

void JobMetricsCatalog::Add(const Application& app) {
  if (!app.job_metrics) return;
  for (const JobFamily& family : app.job_metrics->families) {
    types_[family.name][app.id] = family.type;
  }
  series_ += app.job_metrics->series;
}

void JobMetricsCatalog::Remove(const Application& app) {
  if (!app.job_metrics) return;
  for (const JobFamily& family : app.job_metrics->families) {
    const auto it = types_.find(family.name);
    if (it == types_.end()) continue;
    it->second.erase(app.id);
    if (it->second.empty()) types_.erase(it);
  }
  series_ -= std::min(series_, app.job_metrics->series);
}

void JobMetricsCatalog::Clear() {
  types_.clear();
  series_ = 0;
}

long long JobMetricsCatalog::TypeClash(const std::string& name, const std::string& type,
                                       const std::function<bool(long long id)>& skip) const {
  const auto it = types_.find(name);
  if (it == types_.end()) return 0;
  for (const auto& [id, used] : it->second) {
    if (used != type && !skip(id)) return id;
  }
  return 0;
}

}  // namespace heartbeat
