#include "heartbeat/collector.h"

#include <array>

#include "heartbeat/state.h"

namespace heartbeat {

namespace {

using prometheus::ClientMetric;
using prometheus::MetricFamily;
using prometheus::MetricType;

double EpochSeconds(const std::optional<TimePoint>& time) {
  return time ? static_cast<double>(ToMillis(*time)) / 1000.0 : 0.0;
}

MetricFamily Family(const char* name, const char* help, MetricType type, std::size_t size) {
  MetricFamily family;
  family.name = name;
  family.help = help;
  family.type = type;
  family.metric.reserve(size);
  return family;
}

void AddGauge(MetricFamily& family, const std::vector<ClientMetric::Label>& labels, double value) {
  ClientMetric metric;
  metric.label = labels;
  metric.gauge.value = value;
  family.metric.push_back(std::move(metric));
}

void AddCounter(MetricFamily& family, const std::vector<ClientMetric::Label>& labels,
                double value) {
  ClientMetric metric;
  metric.label = labels;
  metric.counter.value = value;
  family.metric.push_back(std::move(metric));
}

// statuscope_check_ok: 1 ok, 2 outdated, 3 fail. Late is still ok to statuscope;
// new counts as ok until its first deadline, as statuscope has no such state.
double StatuscopeValue(State state) {
  switch (state) {
    case State::kOutdated:
      return 2;
    case State::kFail:
      return 3;
    default:
      return 1;
  }
}

}  // namespace

ApplicationCollector::ApplicationCollector(const StateIndex& index, const TimeSource& clock,
                                           bool statuscope_compat)
    : index_(index), clock_(clock), statuscope_compat_(statuscope_compat) {}

std::vector<MetricFamily> ApplicationCollector::Collect() const {
  const std::vector<ApplicationRecord> snapshot = index_.Snapshot();
  const TimePoint now = clock_.Now();
  const std::size_t n = snapshot.size();

  MetricFamily state = Family("heartbeat_state",
                              "Application state: 0 new, 1 ok, 2 late, 3 outdated, 4 fail, 5 paused.",
                              MetricType::Gauge, n);
  MetricFamily up = Family("heartbeat_up", "0 when the application is outdated or failed, else 1.",
                           MetricType::Gauge, n);
  MetricFamily checkin = Family("heartbeat_last_checkin_timestamp_seconds",
                                "Time of the last completion (ok or fail), 0 if never.",
                                MetricType::Gauge, n);
  MetricFamily success = Family("heartbeat_last_success_timestamp_seconds",
                                "Time of the last successful completion, 0 if never.",
                                MetricType::Gauge, n);
  MetricFamily failure = Family("heartbeat_last_failure_timestamp_seconds",
                                "Time of the last failed completion, 0 if never.",
                                MetricType::Gauge, n);
  MetricFamily start = Family("heartbeat_last_start_timestamp_seconds",
                              "Time of the last start signal, 0 if never.", MetricType::Gauge, n);
  MetricFamily duration = Family("heartbeat_last_duration_seconds",
                                 "Duration of the last run from start to completion, 0 if unknown.",
                                 MetricType::Gauge, n);
  MetricFamily deadline = Family("heartbeat_deadline_timestamp_seconds",
                                 "Time the application turns late, 0 if it has no deadline.",
                                 MetricType::Gauge, n);
  MetricFamily interval = Family("heartbeat_interval_seconds",
                                 "Configured interval, 0 for none or for a schedule.",
                                 MetricType::Gauge, n);
  MetricFamily grace = Family("heartbeat_grace_seconds", "Configured grace period.",
                              MetricType::Gauge, n);
  MetricFamily signals = Family("heartbeat_signals_total", "Completions received (ok and fail).",
                                MetricType::Counter, n);
  MetricFamily failures = Family("heartbeat_signal_failures_total", "Failed completions received.",
                                 MetricType::Counter, n);
  MetricFamily info = Family("heartbeat_application_info",
                             "Static facts about an application; always 1.", MetricType::Gauge, n);
  MetricFamily statuscope = Family("statuscope_check_ok",
                                   "statuscope-compatible state: 1 ok, 2 outdated, 3 fail.",
                                   MetricType::Gauge, statuscope_compat_ ? n : 0);

  std::array<int, kStateCount> per_state{};
  for (const ApplicationRecord& record : snapshot) {
    const Application& app = *record;
    const Evaluation evaluation = Evaluate(app, now);
    ++per_state[static_cast<int>(evaluation.state)];
    const std::vector<ClientMetric::Label> labels = {{"application", app.spec.name},
                                                     {"team", app.spec.team}};
    AddGauge(state, labels, static_cast<int>(evaluation.state));
    AddGauge(up, labels,
             evaluation.state == State::kOutdated || evaluation.state == State::kFail ? 0 : 1);
    AddGauge(checkin, labels, EpochSeconds(app.last_checkin()));
    AddGauge(success, labels, EpochSeconds(app.last_success));
    AddGauge(failure, labels, EpochSeconds(app.last_failure));
    AddGauge(start, labels, EpochSeconds(app.last_start));
    AddGauge(duration, labels, app.last_duration_seconds.value_or(0.0));
    AddGauge(deadline, labels, EpochSeconds(evaluation.deadline));
    AddGauge(interval, labels, app.schedule ? 0.0 : static_cast<double>(app.spec.interval.count()));
    AddGauge(grace, labels, static_cast<double>(app.spec.grace.count()));
    AddCounter(signals, labels, static_cast<double>(app.signals_total));
    AddCounter(failures, labels, static_cast<double>(app.failures_total));
    AddGauge(info,
             {{"application", app.spec.name},
              {"team", app.spec.team},
              {"schedule", app.spec.schedule},
              {"timezone", app.spec.timezone},
              {"kind", app.kind()}},
             1);
    if (statuscope_compat_) AddGauge(statuscope, labels, StatuscopeValue(evaluation.state));
  }

  MetricFamily applications = Family("heartbeat_applications", "Applications per state.",
                                     MetricType::Gauge, kStateCount);
  for (int code = 0; code < kStateCount; ++code) {
    AddGauge(applications, {{"state", StateName(static_cast<State>(code))}}, per_state[code]);
  }

  std::vector<MetricFamily> families;
  families.reserve(16);
  for (MetricFamily* family : {&state, &up, &checkin, &success, &failure, &start, &duration,
                               &deadline, &interval, &grace, &signals, &failures, &info,
                               &applications}) {
    families.push_back(std::move(*family));
  }
  if (statuscope_compat_) families.push_back(std::move(statuscope));
  return families;
}

}  // namespace heartbeat
