#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "heartbeat/core/application.h"
#include "heartbeat/core/status_page.h"

namespace heartbeat {

// One application declared in the YAML config file, with its token already
// resolved from token_file / token_env (empty when neither is given: the
// exporter then keeps the stored token, or generates one on first creation).
struct DeclaredApplication {
  ApplicationSpec spec;
  std::string token;
  int line = 0;  // 1-based line of the entry in the file, for messages
};

struct ConfigFile {
  std::vector<DeclaredApplication> applications;
  std::vector<StatusPageSpec> status_pages;  // `status_pages:`, public pages (off when empty)
};

// Thrown for any problem in the file; what() names file, line and field, e.g.
// "/etc/hb.yaml:12: applications[2].grace: \"1x\" is not a duration (use 90s, 15m, 1h30m, 1d)".
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Reads and validates the whole file; never returns a partial config.
ConfigFile LoadConfigFile(const std::string& path);
// Same, from text (tests); `origin` stands for the file name in messages.
ConfigFile ParseConfigText(const std::string& text, const std::string& origin);

}  // namespace heartbeat
