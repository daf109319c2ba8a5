#include "heartbeat/check_json.h"

#include <date/date.h>

#include <cstdio>

#include "heartbeat/state.h"

namespace heartbeat {

// Hand-rolled: date::format goes through an ostream and was a visible share of
// a signal's CPU time (every 201 answer carries several timestamps).
std::string FormatTimestamp(TimePoint time) {
  const auto days = date::floor<date::days>(time);
  const date::year_month_day ymd(days);
  const date::hh_mm_ss<std::chrono::milliseconds> clock(time - days);
  char text[32];
  const int year = static_cast<int>(ymd.year());
  const int length = std::snprintf(
      text, sizeof(text), "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", year,
      static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
      static_cast<int>(clock.hours().count()), static_cast<int>(clock.minutes().count()),
      static_cast<int>(clock.seconds().count()), static_cast<int>(clock.subseconds().count()));
  return std::string(text, static_cast<std::size_t>(length));
}

nlohmann::json TimestampOrNull(const std::optional<TimePoint>& time) {
  return time ? nlohmann::json(FormatTimestamp(*time)) : nlohmann::json(nullptr);
}

nlohmann::json CheckObject(const Application& app, TimePoint now) {
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
  };
  if (app.spec.probe) {
    check["probe"] = {{"url", app.spec.probe->url},
                      {"interval", app.spec.probe->interval.count()},
                      {"timeout", app.spec.probe->timeout.count()},
                      {"healthy_threshold", app.spec.probe->healthy_threshold},
                      {"unhealthy_threshold", app.spec.probe->unhealthy_threshold}};
  }
  return check;
}

}  // namespace heartbeat
