#include "http/rich_fields.h"

#include <vector>

#include "heartbeat/core/schedule.h"
#include "http/body_fields.h"

namespace heartbeat::http {
namespace {

// An object of strings; null clears every label. A PATCH replaces the whole set.
Labels LabelsField(const nlohmann::json& value) {
  if (value.is_null()) return {};
  if (!value.is_object()) {
    throw std::invalid_argument("labels must be an object of strings, as {\"owner\": \"db\"}");
  }
  Labels labels;
  for (const auto& [name, label_value] : value.items()) {
    if (!label_value.is_string()) {
      throw std::invalid_argument("labels: the value of \"" + name.substr(0, 64) +
                                  "\" must be a string");
    }
    labels[name] = label_value.get<std::string>();
  }
  return labels;
}

Seconds OptionalDurationField(const nlohmann::json& value, const std::string& field) {
  return value.is_null() ? Seconds(0) : DurationField(value, field);
}

}  // namespace

std::string ScheduleField(const nlohmann::json& value, const std::string& field) {
  if (!value.is_array()) return StringField(value, field);
  std::vector<std::string> schedules;
  for (const nlohmann::json& item : value) {
    if (!item.is_string())
      throw std::invalid_argument(field + " must be a string or a list of strings");
    schedules.push_back(item.get<std::string>());
  }
  return JoinSchedules(schedules);
}

bool ApplyRichField(const std::string& key, const nlohmann::json& value, ApplicationSpec& spec) {
  if (key == "labels") {
    spec.labels = LabelsField(value);
  } else if (key == "start_window") {
    spec.windows.start_window = OptionalDurationField(value, key);
  } else if (key == "max_runtime") {
    spec.windows.max_runtime = OptionalDurationField(value, key);
  } else if (key == "min_runtime") {
    spec.windows.min_runtime = OptionalDurationField(value, key);
  } else {
    return false;
  }
  return true;
}

void AddRichFields(nlohmann::json& check, const Application& app, const Evaluation& evaluation) {
  check["labels"] = nlohmann::json(app.spec.labels);
  check["start_window"] = app.spec.windows.start_window.count();
  check["max_runtime"] = app.spec.windows.max_runtime.count();
  check["min_runtime"] = app.spec.windows.min_runtime.count();
  check["reason"] = ReasonName(evaluation.reason);
}

}  // namespace heartbeat::http
