#include "heartbeat/metrics/collector.h"

#include "heartbeat/metrics/application_families.h"
#include "heartbeat/metrics/job_exposition.h"

namespace heartbeat {

namespace {

using prometheus::ClientMetric;
using prometheus::MetricFamily;
using prometheus::MetricType;

MetricFamily Family(const ApplicationFamily& spec, std::size_t size) {
  MetricFamily family;
  family.name = spec.name;
  family.help = spec.help;
  family.type = spec.counter ? MetricType::Counter : MetricType::Gauge;
  family.metric.reserve(size);
  return family;
}

void Add(MetricFamily& family, std::vector<ClientMetric::Label> labels, double value) {
  ClientMetric metric;
  metric.label = std::move(labels);
  if (family.type == MetricType::Counter) {
    metric.counter.value = value;
  } else if (family.type == MetricType::Untyped) {
    metric.untyped.value = value;
  } else {
    metric.gauge.value = value;
  }
  family.metric.push_back(std::move(metric));
}

void AddCustomLabels(std::vector<ClientMetric::Label>& out, const Labels& labels) {
  for (const auto& [name, value] : labels) out.push_back({name, value});
}

MetricType JobMetricType(std::string_view type) {
  if (type == "counter") return MetricType::Counter;
  if (type == "gauge") return MetricType::Gauge;
  return MetricType::Untyped;
}

// heartbeat_job_metrics_stale, then the job families, as job_exposition.h describes them.
void AddJobFamilies(std::vector<MetricFamily>& families,
                    const std::vector<ApplicationRecord>& snapshot,
                    const std::vector<ApplicationSample>& samples, bool labels_on_all_series,
                    StaleJobMetrics policy) {
  static const Labels kNoLabels;
  MetricFamily stale = Family(kJobMetricsStaleFamily, 0);
  for (std::size_t i = 0; i < snapshot.size(); ++i) {
    const Application& app = *snapshot[i];
    if (!app.job_metrics || app.job_metrics->series == 0) continue;
    std::vector<ClientMetric::Label> labels = {{"application", app.spec.name},
                                               {"team", app.spec.team}};
    if (labels_on_all_series) AddCustomLabels(labels, app.spec.labels);
    Add(stale, std::move(labels), JobMetricsStale(samples[i].state) ? 1 : 0);
  }
  if (!stale.metric.empty()) families.push_back(std::move(stale));
  for (const JobFamilyGroup& group :
       GroupJobFamilies(snapshot, ShownJobMetrics(snapshot, samples, policy))) {
    MetricFamily family;
    family.name = std::string(group.name);
    family.help = std::string(group.help);
    family.type = JobMetricType(group.type);
    for (const auto& [i, job_family] : group.parts) {
      const Application& app = *snapshot[i];
      const Labels& custom = labels_on_all_series ? app.spec.labels : kNoLabels;
      for (const JobSample& sample : job_family->samples) {
        std::vector<ClientMetric::Label> labels = {{"application", app.spec.name},
                                                   {"team", app.spec.team}};
        AddCustomLabels(labels, custom);
        for (const auto& [name, value] : sample.labels) {
          labels.push_back({ExposedJobLabelName(name, custom, sample), value});
        }
        Add(family, std::move(labels), sample.value);
      }
    }
    families.push_back(std::move(family));
  }
}

}  // namespace

ApplicationCollector::ApplicationCollector(const StateIndex& index, const TimeSource& clock,
                                           bool statuscope_compat, bool labels_on_all_series,
                                           StaleJobMetrics stale_job_metrics)
    : index_(index),
      clock_(clock),
      statuscope_compat_(statuscope_compat),
      labels_on_all_series_(labels_on_all_series),
      stale_job_metrics_(stale_job_metrics) {}

std::vector<MetricFamily> ApplicationCollector::Collect() const {
  const std::vector<ApplicationRecord> snapshot = index_.Snapshot();
  const TimePoint now = clock_.Now();
  const std::size_t n = snapshot.size();

  // Every family of the table, in its order; statuscope's (the last) only when asked for.
  static_assert(kStatuscopeFamily + 1 == kApplicationFamilyCount);
  const std::size_t family_count = statuscope_compat_ ? kApplicationFamilyCount : kStatuscopeFamily;
  std::vector<MetricFamily> families;
  families.reserve(family_count);
  for (std::size_t f = 0; f < family_count; ++f) {
    families.push_back(Family(kApplicationFamilies[f], f == kPerStateFamily ? kStateCount : n));
  }
  MetricFamily reasons = Family(kStateReasonFamily, n);

  std::array<int, kStateCount> per_state{};
  std::vector<ApplicationSample> samples;
  samples.reserve(n);
  for (const ApplicationRecord& record : snapshot) {
    const Application& app = *record;
    const ApplicationSample& sample = samples.emplace_back(SampleApplication(app, now));
    ++per_state[static_cast<int>(sample.state)];
    std::vector<ClientMetric::Label> labels = {{"application", app.spec.name},
                                               {"team", app.spec.team}};
    if (labels_on_all_series_) AddCustomLabels(labels, app.spec.labels);
    for (std::size_t m = 0; m < kSampledFamilyCount; ++m) {
      Add(families[m], labels, sample.values[m]);
    }
    std::vector<ClientMetric::Label> reason = labels;
    reason.push_back({"reason", ReasonName(sample.reason)});
    Add(reasons, std::move(reason), 1);
    std::vector<ClientMetric::Label> info = {
        {"application", app.spec.name},
        {"team", app.spec.team},
        {"schedule", app.spec.schedule},
        {"timezone", app.spec.timezone},
        {"kind", app.kind()},
        {"email", app.spec.probe ? app.spec.probe->email : std::string()}};
    AddCustomLabels(info, app.spec.labels);
    Add(families[kInfoFamily], std::move(info), 1);
    if (statuscope_compat_) Add(families[kStatuscopeFamily], labels, StatuscopeValue(sample.state));
  }
  for (int code = 0; code < kStateCount; ++code) {
    Add(families[kPerStateFamily], {{"state", StateName(static_cast<State>(code))}},
        per_state[code]);
  }
  families.insert(families.begin() + kSampledFamilyCount, std::move(reasons));
  AddJobFamilies(families, snapshot, samples, labels_on_all_series_, stale_job_metrics_);
  return families;
}

}  // namespace heartbeat
