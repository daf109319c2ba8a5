#pragma once

#include <string>

#include "heartbeat/config/config_file.h"

namespace heartbeat::testing {

// The sentence a config text is refused with (read as the file "hb.yaml"),
// or "no error" when it is accepted.
inline std::string ConfigErrorOf(const std::string& text) {
  try {
    ParseConfigText(text, "hb.yaml");
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace heartbeat::testing
