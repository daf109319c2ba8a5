#include "http/check_text.h"

#include <algorithm>
#include <charconv>
#include <nlohmann/json.hpp>
#include <optional>
#include <utility>
#include <vector>

#include "heartbeat/core/state.h"
#include "heartbeat/core/timestamp.h"
#include "http/probe_json.h"

namespace heartbeat::http {

namespace {

// Text that nlohmann's dump writes unchanged between quotes: printable ASCII
// without quote or backslash. Anything else (escapes, UTF-8, invalid bytes)
// is left to nlohmann, so the bytes are its own.
bool Plain(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return c >= 0x20 && c < 0x7f && c != '"' && c != '\\'; });
}

std::string Quoted(std::string_view text) {
  if (!Plain(text)) {
    return nlohmann::json(std::string(text))
        .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
  std::string quoted;
  quoted.reserve(text.size() + 2);
  quoted += '"';
  quoted += text;
  quoted += '"';
  return quoted;
}

std::string Integer(long long value) {
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof(digits), value).ptr;
  return std::string(digits, end);
}

std::string Boolean(bool value) { return value ? "true" : "false"; }

std::string TimestampText(const std::optional<TimePoint>& time) {
  return time ? Quoted(FormatTimestamp(*time)) : "null";
}

std::string StringArray(const std::vector<std::string>& items) {
  std::string text = "[";
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) text += ',';
    text += Quoted(items[i]);
  }
  return text + "]";
}

std::string LabelsObject(const Labels& labels) {
  std::string text = "{";
  for (const auto& [name, value] : labels) {
    if (text.size() > 1) text += ',';
    text += Quoted(name) + ":" + Quoted(value);
  }
  return text + "}";
}

using Members = std::vector<std::pair<std::string_view, std::string>>;

std::string Object(Members members) {
  std::sort(members.begin(), members.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  std::string text = "{";
  for (const auto& [key, value] : members) {
    if (text.size() > 1) text += ',';
    text += '"';
    text += key;
    text += "\":";
    text += value;
  }
  return text + "}";
}

}  // namespace

std::string CheckText(const Application& app, TimePoint now) {
  const PingFilter& filter = app.spec.ping_filter();
  const Evaluation evaluation = Evaluate(app, now);
  const std::optional<TimePoint> checkin = app.last_checkin();
  const bool overdue = evaluation.state == State::kLate || evaluation.state == State::kOutdated;
  Members members = {
      {"application", Quoted(app.spec.name)},
      {"team", Quoted(app.spec.team)},
      {"state", Quoted(StateName(evaluation.state))},
      {"last_signal_ok", Boolean(checkin.has_value() && !app.last_completion_failed())},
      {"last_signal_recent", Boolean(checkin.has_value() && !overdue)},
      {"check_in", TimestampText(checkin)},
      {"interval", Integer(app.spec.interval.count())},
      {"grace", Integer(app.spec.grace.count())},
      {"schedule", app.spec.schedule.empty() ? "null" : Quoted(app.spec.schedule)},
      {"timezone", Quoted(app.spec.timezone)},
      {"paused", Boolean(app.paused)},
      {"manual_resume", Boolean(app.spec.manual_resume)},
      {"deadline", TimestampText(evaluation.deadline)},
      {"last_success", TimestampText(app.last_success)},
      {"last_failure", TimestampText(app.last_failure)},
      {"last_start", TimestampText(app.last_start)},
      {"last_duration_seconds",
       app.last_duration_seconds ? nlohmann::json(*app.last_duration_seconds).dump() : "null"},
      {"signals_total", Integer(app.signals_total)},
      {"failures_total", Integer(app.failures_total)},
      {"kind", Quoted(app.kind())},
      {"declared", Boolean(app.declared)},
      {"created_at", Quoted(FormatTimestamp(app.created_at))},
      {"success_keywords", StringArray(filter.success_keywords)},
      {"failure_keywords", StringArray(filter.failure_keywords)},
      {"start_keywords", StringArray(filter.start_keywords)},
      {"fail_when_no_keyword_matches", Boolean(filter.fail_when_no_keyword_matches)},
      {"methods", Quoted(MethodsName(filter))},
      // rich_fields.cpp's members
      {"labels", LabelsObject(app.spec.labels)},
      {"start_window", Integer(app.spec.windows.start_window.count())},
      {"max_runtime", Integer(app.spec.windows.max_runtime.count())},
      {"min_runtime", Integer(app.spec.windows.min_runtime.count())},
      {"reason", Quoted(ReasonName(evaluation.reason))},
  };
  if (app.spec.probe) {
    members.emplace_back("probe",
                         ProbeObject(*app.spec.probe)
                             .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  }
  return Object(std::move(members));
}

}  // namespace heartbeat::http
