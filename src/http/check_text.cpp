#include "http/check_text.h"

#include <algorithm>
#include <charconv>
#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>
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

// Appends members to one string in the order given: the caller names them
// in std::map's order (byte-wise), which is how nlohmann's object sorts them.
class ObjectWriter {
 public:
  explicit ObjectWriter(std::size_t expected) {
    text_.reserve(expected);
    text_ += '{';
  }

  ObjectWriter& Key(std::string_view key) {
    if (text_.size() > 1) text_ += ',';
    text_ += '"';
    text_ += key;
    text_ += "\":";
    return *this;
  }
  void String(std::string_view value) { AppendQuoted(text_, value); }
  void Raw(std::string_view value) { text_ += value; }
  void Integer(long long value) {
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof(digits), value).ptr;
    text_.append(digits, end);
  }
  void Boolean(bool value) { text_ += value ? "true" : "false"; }
  void Timestamp(const std::optional<TimePoint>& time) {
    if (time) {
      String(FormatTimestamp(*time));
    } else {
      text_ += "null";
    }
  }
  void StringArray(const std::vector<std::string>& items) {
    text_ += '[';
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (i > 0) text_ += ',';
      String(items[i]);
    }
    text_ += ']';
  }
  void LabelsObject(const Labels& labels) {
    text_ += '{';
    bool first = true;
    for (const auto& [name, value] : labels) {
      if (!first) text_ += ',';
      first = false;
      String(name);
      text_ += ':';
      String(value);
    }
    text_ += '}';
  }

  std::string Finish() && {
    text_ += '}';
    return std::move(text_);
  }

 private:
  static void AppendQuoted(std::string& out, std::string_view text) {
    if (!Plain(text)) {
      out += nlohmann::json(std::string(text))
                 .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      return;
    }
    out += '"';
    out += text;
    out += '"';
  }

  std::string text_;
};

}  // namespace

std::string CheckText(const Application& app, TimePoint now) {
  const PingFilter& filter = app.spec.ping_filter();
  const Evaluation evaluation = Evaluate(app, now);
  const std::optional<TimePoint> checkin = app.last_checkin();
  const bool overdue = evaluation.state == State::kLate || evaluation.state == State::kOutdated;
  ObjectWriter object(1024);
  object.Key("application").String(app.spec.name);
  object.Key("check_in").Timestamp(checkin);
  object.Key("created_at").Timestamp(app.created_at);
  object.Key("deadline").Timestamp(evaluation.deadline);
  object.Key("declared").Boolean(app.declared);
  object.Key("fail_when_no_keyword_matches").Boolean(filter.fail_when_no_keyword_matches);
  object.Key("failure_keywords").StringArray(filter.failure_keywords);
  object.Key("failures_total").Integer(app.failures_total);
  object.Key("grace").Integer(app.spec.grace.count());
  object.Key("interval").Integer(app.spec.interval.count());
  object.Key("kind").String(app.kind());
  object.Key("labels").LabelsObject(app.spec.labels);  // rich_fields.cpp's members
  object.Key("last_duration_seconds")
      .Raw(app.last_duration_seconds ? nlohmann::json(*app.last_duration_seconds).dump() : "null");
  object.Key("last_failure").Timestamp(app.last_failure);
  object.Key("last_signal_ok").Boolean(checkin.has_value() && !app.last_completion_failed());
  object.Key("last_signal_recent").Boolean(checkin.has_value() && !overdue);
  object.Key("last_start").Timestamp(app.last_start);
  object.Key("last_success").Timestamp(app.last_success);
  object.Key("manual_resume").Boolean(app.spec.manual_resume);
  object.Key("max_runtime").Integer(app.spec.windows.max_runtime.count());
  object.Key("methods").String(MethodsName(filter));
  object.Key("min_runtime").Integer(app.spec.windows.min_runtime.count());
  object.Key("paused").Boolean(app.paused);
  if (app.spec.probe) {
    object.Key("probe").Raw(ProbeObject(*app.spec.probe)
                                .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  }
  object.Key("reason").String(ReasonName(evaluation.reason));
  if (app.spec.schedule.empty()) {
    object.Key("schedule").Raw("null");
  } else {
    object.Key("schedule").String(app.spec.schedule);
  }
  object.Key("signals_total").Integer(app.signals_total);
  object.Key("start_keywords").StringArray(filter.start_keywords);
  object.Key("start_window").Integer(app.spec.windows.start_window.count());
  object.Key("state").String(StateName(evaluation.state));
  object.Key("success_keywords").StringArray(filter.success_keywords);
  object.Key("team").String(app.spec.team);
  object.Key("timezone").String(app.spec.timezone);
  return std::move(object).Finish();
}

}  // namespace heartbeat::http
