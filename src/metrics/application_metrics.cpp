#include "heartbeat/metrics/application_metrics.h"

#include <charconv>
#include <string>
#include <vector>

namespace heartbeat {

const std::array<PerApplicationMetric, kPerApplicationMetricCount> kPerApplicationMetrics = {{
    {"heartbeat_state", "Application state: 0 new, 1 ok, 2 late, 3 outdated, 4 fail, 5 paused.",
     false},
    {"heartbeat_up", "0 when the application is outdated or failed, else 1.", false},
    {"heartbeat_last_checkin_timestamp_seconds",
     "Time of the last completion (ok or fail), 0 if never.", false},
    {"heartbeat_last_success_timestamp_seconds",
     "Time of the last successful completion, 0 if never.", false},
    {"heartbeat_last_failure_timestamp_seconds", "Time of the last failed completion, 0 if never.",
     false},
    {"heartbeat_last_start_timestamp_seconds", "Time of the last start signal, 0 if never.", false},
    {"heartbeat_last_duration_seconds",
     "Duration of the last run from start to completion, 0 if unknown.", false},
    {"heartbeat_deadline_timestamp_seconds",
     "Time the application turns late, 0 if it has no deadline.", false},
    {"heartbeat_interval_seconds", "Configured interval, 0 for none or for a schedule.", false},
    {"heartbeat_grace_seconds", "Configured grace period.", false},
    {"heartbeat_signals_total", "Completions received (ok and fail).", true},
    {"heartbeat_signal_failures_total", "Failed completions received.", true},
}};

namespace {

double EpochSeconds(const std::optional<TimePoint>& time) {
  return time ? static_cast<double>(ToMillis(*time)) / 1000.0 : 0.0;
}

void AppendNumber(std::string& out, double value) {
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof(buffer), value);
  out.append(buffer, result.ptr);
}

// Label values may hold anything a team name can; the format escapes \ " and newline.
void AppendLabelValue(std::string& out, const std::string& value) {
  if (value.find_first_of("\\\"\n") == std::string::npos) {
    out += value;
    return;
  }
  for (char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
}

void AppendHeader(std::string& out, const char* name, const char* help, const char* type) {
  out += "# HELP ";
  out += name;
  out += ' ';
  out += help;
  out += "\n# TYPE ";
  out += name;
  out += ' ';
  out += type;
  out += '\n';
}

}  // namespace

ApplicationSample SampleApplication(const Application& app, TimePoint now) {
  const Evaluation evaluation = Evaluate(app, now);
  ApplicationSample sample;
  sample.state = evaluation.state;
  sample.values = {
      static_cast<double>(static_cast<int>(evaluation.state)),
      evaluation.state == State::kOutdated || evaluation.state == State::kFail ? 0.0 : 1.0,
      EpochSeconds(app.last_checkin()),
      EpochSeconds(app.last_success),
      EpochSeconds(app.last_failure),
      EpochSeconds(app.last_start),
      app.last_duration_seconds.value_or(0.0),
      EpochSeconds(evaluation.deadline),
      app.spec.schedule.empty() ? static_cast<double>(app.spec.interval.count()) : 0.0,
      static_cast<double>(app.spec.grace.count()),
      static_cast<double>(app.signals_total),
      static_cast<double>(app.failures_total),
  };
  return sample;
}

double StatuscopeValue(State state) {
  // statuscope has no late or new: both still count as ok there.
  switch (state) {
    case State::kOutdated:
      return 2;
    case State::kFail:
      return 3;
    default:
      return 1;
  }
}

ApplicationMetricsWriter::ApplicationMetricsWriter(const StateIndex& index, const TimeSource& clock,
                                                   bool statuscope_compat)
    : index_(index), clock_(clock), statuscope_compat_(statuscope_compat) {}

void ApplicationMetricsWriter::Write(const std::function<bool(std::string_view)>& sink) const {
  const std::vector<ApplicationRecord> snapshot = index_.Snapshot();  // the only locked step
  const TimePoint now = clock_.Now();

  // States and label sets once per application, then one pass per family.
  std::vector<ApplicationSample> samples;
  std::vector<std::string> labels;
  samples.reserve(snapshot.size());
  labels.reserve(snapshot.size());
  std::array<int, kStateCount> per_state{};
  for (const ApplicationRecord& app : snapshot) {
    samples.push_back(SampleApplication(*app, now));
    ++per_state[static_cast<int>(samples.back().state)];
    std::string set = "{application=\"";
    AppendLabelValue(set, app->spec.name);
    set += "\",team=\"";
    AppendLabelValue(set, app->spec.team);
    set += "\"} ";
    labels.push_back(std::move(set));
  }

  constexpr std::size_t kPiece = 64 * 1024;
  std::string out;
  out.reserve(kPiece + 4096);
  auto flush_if_full = [&](bool force) {
    if (out.size() < kPiece && !force) return true;
    const bool more = sink(out);
    out.clear();
    return more;
  };

  for (std::size_t m = 0; m < kPerApplicationMetricCount; ++m) {
    const PerApplicationMetric& metric = kPerApplicationMetrics[m];
    AppendHeader(out, metric.name, metric.help, metric.counter ? "counter" : "gauge");
    for (std::size_t i = 0; i < samples.size(); ++i) {
      out += metric.name;
      out += labels[i];
      AppendNumber(out, samples[i].values[m]);
      out += '\n';
      if (!flush_if_full(false)) return;
    }
  }

  AppendHeader(out, "heartbeat_application_info", "Static facts about an application; always 1.",
               "gauge");
  for (std::size_t i = 0; i < snapshot.size(); ++i) {
    const Application& app = *snapshot[i];
    out += "heartbeat_application_info";
    out.append(labels[i], 0, labels[i].size() - 2);  // without the closing "} "
    out += ",schedule=\"";
    AppendLabelValue(out, app.spec.schedule);
    out += "\",timezone=\"";
    AppendLabelValue(out, app.spec.timezone);
    out += "\",kind=\"";
    out += app.kind();
    out += "\"} 1\n";
    if (!flush_if_full(false)) return;
  }

  AppendHeader(out, "heartbeat_applications", "Applications per state.", "gauge");
  for (int code = 0; code < kStateCount; ++code) {
    out += "heartbeat_applications{state=\"";
    out += StateName(static_cast<State>(code));
    out += "\"} ";
    AppendNumber(out, per_state[code]);
    out += '\n';
  }

  if (statuscope_compat_) {
    AppendHeader(out, "statuscope_check_ok",
                 "statuscope-compatible state: 1 ok, 2 outdated, 3 fail.", "gauge");
    for (std::size_t i = 0; i < samples.size(); ++i) {
      out += "statuscope_check_ok";
      out += labels[i];
      AppendNumber(out, StatuscopeValue(samples[i].state));
      out += '\n';
      if (!flush_if_full(false)) return;
    }
  }
  flush_if_full(true);
}

}  // namespace heartbeat
