#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "heartbeat/core/application.h"
#include "heartbeat/core/state.h"
#include "heartbeat/metrics/application_families.h"
#include "heartbeat/store/state_index.h"

// How the applications' job metrics (issue 16) appear on /metrics, shared by
// ApplicationMetricsWriter (what /metrics serves) and ApplicationCollector (its
// reference), so that the two cannot drift apart (docs/reference.md §4.4).
namespace heartbeat {

// --metrics.job-metrics-stale: an outdated or paused application's job metrics
// are hidden, or kept (heartbeat_job_metrics_stale says which are stale).
enum class StaleJobMetrics { kHide, kKeep };

// heartbeat_job_metrics_stale{application,team}: one series per application
// holding job metrics; 1 while they are stale, else 0.
extern const ApplicationFamily kJobMetricsStaleFamily;

// Whether an application's state no longer vouches for its job metrics: it
// missed its deadline (outdated), or nobody watches it (paused).
bool JobMetricsStale(State state);

// For each application of the snapshot (samples index-aligned): whether
// /metrics shows its job metrics.
std::vector<bool> ShownJobMetrics(const std::vector<ApplicationRecord>& snapshot,
                                  const std::vector<ApplicationSample>& samples,
                                  StaleJobMetrics policy);

// One job family as /metrics shows it: name, type and help once, then the
// samples of every shown application that has it.
struct JobFamilyGroup {
  std::string_view name;
  std::string_view type;
  std::string_view help;  // the first application's that has one
  // (the application's position in the snapshot, its family)
  std::vector<std::pair<std::size_t, const JobFamily*>> parts;
};

// The families of the applications with `shown[i]`, grouped by name in name
// order. A family whose type differs from the group's is left out: the store
// refuses such pushes, and this keeps a scrape valid whatever was stored.
std::vector<JobFamilyGroup> GroupJobFamilies(const std::vector<ApplicationRecord>& snapshot,
                                             const std::vector<bool>& shown);

// A job label's name on /metrics: its own, or `exported_<name>` (as Prometheus
// renames a scraped label that clashes with a target label) while it clashes
// with one of `custom` (the application's labels, when they are on every series)
// or another label of the same sample.
std::string ExposedJobLabelName(const std::string& name, const Labels& custom,
                                const JobSample& sample);

}  // namespace heartbeat
