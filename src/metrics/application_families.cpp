#include "heartbeat/metrics/application_families.h"

namespace heartbeat {

const std::array<ApplicationFamily, kApplicationFamilyCount> kApplicationFamilies = {{
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
    {"heartbeat_application_info", "Static facts about an application; always 1.", false},
    {"heartbeat_applications", "Applications per state.", false},
    {"statuscope_check_ok", "statuscope-compatible state: 1 ok, 2 outdated, 3 fail.", false},
}};

const ApplicationFamily kStateReasonFamily = {
    "heartbeat_state_reason",
    "Why the application is in its state: none, late, not_started, missed, overdue, too_fast or "
    "failed; always 1.",
    false};

namespace {

double EpochSeconds(const std::optional<TimePoint>& time) {
  return time ? static_cast<double>(ToMillis(*time)) / 1000.0 : 0.0;
}

}  // namespace

ApplicationSample SampleApplication(const Application& app, TimePoint now) {
  const Evaluation evaluation = Evaluate(app, now);
  ApplicationSample sample;
  sample.state = evaluation.state;
  sample.reason = evaluation.reason;
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

}  // namespace heartbeat
