#include "heartbeat/metrics/job_exposition.h"

#include <map>

namespace heartbeat {

const ApplicationFamily kJobMetricsStaleFamily = {
    "heartbeat_job_metrics_stale",
    "1 while the application's job metrics are stale (it is outdated or paused), else 0; one "
    "series per application holding job metrics.",
    false};

bool JobMetricsStale(State state) { return state == State::kOutdated || state == State::kPaused; }

std::vector<bool> ShownJobMetrics(const std::vector<ApplicationRecord>& snapshot,
                                  const std::vector<ApplicationSample>& samples,
                                  StaleJobMetrics policy) {
  std::vector<bool> shown(snapshot.size(), false);
  for (std::size_t i = 0; i < snapshot.size(); ++i) {
    shown[i] = snapshot[i]->job_metrics &&
               (policy == StaleJobMetrics::kKeep || !JobMetricsStale(samples[i].state));
  }
  return shown;
}

std::vector<JobFamilyGroup> GroupJobFamilies(const std::vector<ApplicationRecord>& snapshot,
                                             const std::vector<bool>& shown) {
  std::map<std::string_view, JobFamilyGroup> groups;
  for (std::size_t i = 0; i < snapshot.size(); ++i) {
    if (!shown[i] || !snapshot[i]->job_metrics) continue;
    for (const JobFamily& family : snapshot[i]->job_metrics->families) {
      if (family.samples.empty()) continue;
      JobFamilyGroup& group = groups[family.name];
      if (group.parts.empty()) {
        group.name = family.name;
        group.type = family.type;
      } else if (group.type != family.type) {
        continue;
      }
      if (group.help.empty()) group.help = family.help;
      group.parts.emplace_back(i, &family);
    }
  }
  std::vector<JobFamilyGroup> ordered;
  ordered.reserve(groups.size());
  for (auto& entry : groups) ordered.push_back(std::move(entry.second));
  return ordered;
}

namespace {

bool SampleHasLabel(const JobSample& sample, const std::string& name) {
  for (const auto& label : sample.labels) {
    if (label.first == name) return true;
  }
  return false;
}

}  // namespace

std::string ExposedJobLabelName(const std::string& name, const Labels& custom,
                                const JobSample& sample) {
  if (custom.count(name) == 0) return name;
  std::string exposed = "exported_" + name;
  while (custom.count(exposed) != 0 || SampleHasLabel(sample, exposed)) {
    exposed = "exported_" + exposed;
  }
  return exposed;
}

}  // namespace heartbeat
