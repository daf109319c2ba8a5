#pragma once

#include <string>

#include "heartbeat/config/config_file.h"
#include "heartbeat/store/store.h"

namespace heartbeat {

struct ReconcileSummary {
  int created = 0;
  int updated = 0;
  int removed = 0;
  int unchanged = 0;
};

// Makes the declared applications in the store match `config`: creates the
// new ones, updates changed specs and tokens, removes declared applications
// no longer in the file. Applications created through the API are left alone,
// unless the file declares the same name: the file then takes it over.
// History is kept for every application that stays. Every change is committed
// in one transaction (Store::Apply): all of it or none, and the index switches
// at once. A token clash (two entries with one token, or a token another
// application holds) throws ConfigError naming `origin` (the file), the line
// and the applications before anything is changed; a store refusal or a failed
// commit throws std::runtime_error, and nothing was changed.
ReconcileSummary ReconcileDeclared(Store& store, const ConfigFile& config,
                                   const std::string& origin);

}  // namespace heartbeat
