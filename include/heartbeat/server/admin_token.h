#pragma once

#include <string>

#include "heartbeat/core/storage_location.h"

namespace heartbeat {

struct AdminToken {
  std::string token;   // empty: the management API is disabled
  std::string source;  // the file it came from, for logs and the 403 sentence
  bool generated = false;
};

// With `token_file` set, reads it (white space trimmed). Otherwise uses
// <storage dir>/admin-token, writing a fresh random token there (mode 0600) on
// first start. An in-memory store has no directory: no token, API disabled.
// Throws std::runtime_error with a sentence when a file cannot be read or written.
AdminToken LoadOrCreateAdminToken(const std::string& token_file, const StorageLocation& storage);

}  // namespace heartbeat
