#include "heartbeat/core/labels.h"

#include <array>
#include <stdexcept>

#include "heartbeat/core/validation.h"

namespace heartbeat {
namespace {

// Set by the exporter on every series (application, team), by Prometheus
// when it scrapes (job, instance), or by the exporter on the series that carry
// custom labels (heartbeat_application_info's schedule, timezone and kind;
// heartbeat_state_reason's reason): a custom one would clash or be renamed.
// `email` is the probe contact on heartbeat_application_info (issue 13).
constexpr std::array<std::string_view, 9> kReservedNames = {
    "application", "team", "job", "instance", "schedule", "timezone", "kind", "reason", "email"};

bool IsNameStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }

bool IsNameChar(char c) { return IsNameStart(c) || (c >= '0' && c <= '9'); }

std::string Shown(std::string_view text) {
  // Names arrive from the network: never echo more than a readable prefix.
  return "\"" + std::string(text.substr(0, 64)) + (text.size() > 64 ? "...\"" : "\"");
}

}  // namespace

std::string CheckLabelName(std::string_view name) {
  if (name.empty()) return "a label name cannot be empty";
  if (name.size() > kMaxLabelNameBytes) {
    return "label name " + Shown(name) + " is longer than " + std::to_string(kMaxLabelNameBytes) +
           " characters";
  }
  bool valid = IsNameStart(name[0]);
  for (char c : name) valid = valid && IsNameChar(c);
  if (!valid) {
    return "label name " + Shown(name) +
           " is not a Prometheus label name (letters, digits and '_', not starting with a digit)";
  }
  if (name.substr(0, 2) == "__") {
    return "label name " + Shown(name) +
           " is reserved: names starting with \"__\" belong to "
           "Prometheus";
  }
  for (std::string_view reserved : kReservedNames) {
    if (name == reserved) {
      return "label name " + Shown(name) +
             " is reserved: the exporter or Prometheus sets it on every series";
    }
  }
  return "";
}

std::string CheckLabels(const Labels& labels) {
  if (labels.size() > kMaxLabels) {
    return "at most " + std::to_string(kMaxLabels) + " labels are allowed, not " +
           std::to_string(labels.size());
  }
  for (const auto& [name, value] : labels) {
    if (std::string why = CheckLabelName(name); !why.empty()) return why;
    if (std::string why = CheckLabelValue(value, kMaxCustomLabelValueBytes); !why.empty()) {
      return "label " + name + " " + why;
    }
  }
  return "";
}

std::pair<std::string, std::string> ParseLabelAssignment(std::string_view text) {
  const std::size_t equals = text.find('=');
  if (equals == std::string_view::npos) {
    throw std::invalid_argument("label " + Shown(text) + " must be written key=value");
  }
  std::string name(text.substr(0, equals));
  if (std::string why = CheckLabelName(name); !why.empty()) throw std::invalid_argument(why);
  return {std::move(name), std::string(text.substr(equals + 1))};
}

}  // namespace heartbeat
