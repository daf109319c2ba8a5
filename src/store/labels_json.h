#pragma once

// Private to the store: how an application's custom labels are kept in its row.

#include <string>

#include "heartbeat/core/labels.h"

namespace heartbeat {

// "" for no labels, so rows of applications without any stay small.
std::string LabelsToText(const Labels& labels);
// Throws nlohmann::json's exceptions on text this store did not write.
Labels LabelsFromText(const std::string& text);

}  // namespace heartbeat
