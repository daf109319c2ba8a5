#include "http/check_json.h"

#include "heartbeat/core/state.h"
#include "heartbeat/core/timestamp.h"
#include "http/probe_json.h"
#include "http/rich_fields.h"

namespace heartbeat {

nlohmann::json TimestampOrNull(const std::optional<TimePoint>& time) {
  return time ? nlohmann::json(FormatTimestamp(*time)) : nlohmann::json(nullptr);
}

nlohmann::json CheckObject(const Application& app, TimePoint now) {
  const PingFilter& filter = app.spec.ping_filter();
  const Evaluation evaluation = Evaluate(app, now);
  const std::optional<TimePoint> checkin = app.last_checkin();
  const bool overdue = evaluation.state == State::kLate || evaluation.state == State::kOutdated;
  nlohmann::json check = {
      {"application", app.spec.name},
      {"team", app.spec.team},
      {"state", StateName(evaluation.state)},
      {"last_signal_ok", checkin.has_value() && !app.last_completion_failed()},
      {"last_signal_recent", checkin.has_value() && !overdue},
      {"check_in", TimestampOrNull(checkin)},
      {"interval", app.spec.interval.count()},
      {"grace", app.spec.grace.count()},
      {"schedule",
       app.spec.schedule.empty() ? nlohmann::json(nullptr) : nlohmann::json(app.spec.schedule)},
      {"timezone", app.spec.timezone},
      {"paused", app.paused},
      {"manual_resume", app.spec.manual_resume},
      {"deadline", TimestampOrNull(evaluation.deadline)},
      {"last_success", TimestampOrNull(app.last_success)},
      {"last_failure", TimestampOrNull(app.last_failure)},
      {"last_start", TimestampOrNull(app.last_start)},
      {"last_duration_seconds", app.last_duration_seconds
                                    ? nlohmann::json(*app.last_duration_seconds)
                                    : nlohmann::json(nullptr)},
      {"signals_total", app.signals_total},
      {"failures_total", app.failures_total},
      {"kind", app.kind()},
      {"declared", app.declared},
      {"created_at", FormatTimestamp(app.created_at)},
      {"success_keywords", filter.success_keywords},
      {"failure_keywords", filter.failure_keywords},
      {"start_keywords", filter.start_keywords},
      {"fail_when_no_keyword_matches", filter.fail_when_no_keyword_matches},
      {"methods", MethodsName(filter)},
  };
  if (app.spec.probe) {
    check["probe"] = http::ProbeObject(*app.spec.probe);
  }
  http::AddRichFields(check, app, evaluation);
  return check;
}

}  // namespace heartbeat
