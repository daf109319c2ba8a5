#include "heartbeat/metrics/collector.h"

#include "heartbeat/metrics/application_metrics.h"

namespace heartbeat {

namespace {

using prometheus::ClientMetric;
using prometheus::MetricFamily;
using prometheus::MetricType;

MetricFamily Family(const char* name, const char* help, MetricType type, std::size_t size) {
  MetricFamily family;
  family.name = name;
  family.help = help;
  family.type = type;
  family.metric.reserve(size);
  return family;
}

void Add(MetricFamily& family, std::vector<ClientMetric::Label> labels, double value) {
  ClientMetric metric;
  metric.label = std::move(labels);
  if (family.type == MetricType::Counter) {
    metric.counter.value = value;
  } else {
    metric.gauge.value = value;
  }
  family.metric.push_back(std::move(metric));
}

}  // namespace

ApplicationCollector::ApplicationCollector(const StateIndex& index, const TimeSource& clock,
                                           bool statuscope_compat)
    : index_(index), clock_(clock), statuscope_compat_(statuscope_compat) {}

std::vector<MetricFamily> ApplicationCollector::Collect() const {
  const std::vector<ApplicationRecord> snapshot = index_.Snapshot();
  const TimePoint now = clock_.Now();
  const std::size_t n = snapshot.size();

  std::vector<MetricFamily> families;
  families.reserve(kPerApplicationMetricCount + 3);
  for (const PerApplicationMetric& metric : kPerApplicationMetrics) {
    families.push_back(Family(metric.name, metric.help,
                              metric.counter ? MetricType::Counter : MetricType::Gauge, n));
  }
  MetricFamily info = Family("heartbeat_application_info",
                             "Static facts about an application; always 1.", MetricType::Gauge, n);
  MetricFamily statuscope =
      Family("statuscope_check_ok", "statuscope-compatible state: 1 ok, 2 outdated, 3 fail.",
             MetricType::Gauge, statuscope_compat_ ? n : 0);

  std::array<int, kStateCount> per_state{};
  for (const ApplicationRecord& record : snapshot) {
    const Application& app = *record;
    const ApplicationSample sample = SampleApplication(app, now);
    ++per_state[static_cast<int>(sample.state)];
    const std::vector<ClientMetric::Label> labels = {{"application", app.spec.name},
                                                     {"team", app.spec.team}};
    for (std::size_t m = 0; m < kPerApplicationMetricCount; ++m) {
      Add(families[m], labels, sample.values[m]);
    }
    Add(info,
        {{"application", app.spec.name},
         {"team", app.spec.team},
         {"schedule", app.spec.schedule},
         {"timezone", app.spec.timezone},
         {"kind", app.kind()}},
        1);
    if (statuscope_compat_) Add(statuscope, labels, StatuscopeValue(sample.state));
  }

  MetricFamily applications =
      Family("heartbeat_applications", "Applications per state.", MetricType::Gauge, kStateCount);
  for (int code = 0; code < kStateCount; ++code) {
    Add(applications, {{"state", StateName(static_cast<State>(code))}}, per_state[code]);
  }
  families.push_back(std::move(info));
  families.push_back(std::move(applications));
  if (statuscope_compat_) families.push_back(std::move(statuscope));
  return families;
}

}  // namespace heartbeat
