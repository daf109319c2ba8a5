#pragma once

// Private to the config module: the `status_pages:` list of the config file.

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

#include "heartbeat/core/status_page.h"

namespace heartbeat {

// Reads and validates the list; throws ConfigError naming origin, line and field.
std::vector<StatusPageSpec> ReadStatusPages(const YAML::Node& list, const std::string& origin);

}  // namespace heartbeat
