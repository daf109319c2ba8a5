#include "store/labels_json.h"

#include <nlohmann/json.hpp>

namespace heartbeat {

std::string LabelsToText(const Labels& labels) {
  if (labels.empty()) return "";
  return nlohmann::json(labels).dump();
}

Labels LabelsFromText(const std::string& text) {
  if (text.empty()) return {};
  return nlohmann::json::parse(text).get<Labels>();
}

}  // namespace heartbeat
