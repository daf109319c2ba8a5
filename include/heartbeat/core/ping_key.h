#pragma once

#include <string>

#include "heartbeat/core/application.h"
#include "heartbeat/core/clock.h"
#include "heartbeat/core/token.h"

namespace heartbeat {

// A team's ping key: it authorizes pings to every application of its team by
// name (healthchecks.io's slug URLs, Cronitor's telemetry URLs). Only the key's
// SHA-256 is stored, as for tokens.
struct PingKey {
  long long id = 0;
  TokenHash key_hash{};
  std::string team;
  // Auto-provisioning: a ping to an unknown name creates the application with
  // `provision`'s interval or schedule, timezone and grace (name and team come
  // from the ping and the key). The application is ordinary afterwards.
  bool auto_provision = false;
  ApplicationSpec provision;
  TimePoint created_at{};
};

// healthchecks.io's defaults for auto-provisioned checks: a period of one day,
// one hour of grace.
inline constexpr Seconds kDefaultProvisionInterval{86400};
inline constexpr Seconds kDefaultProvisionGrace{3600};

// The spec an auto-provisioned application named `name` gets from `key`.
ApplicationSpec ProvisionedSpec(const PingKey& key, const std::string& name);

// Empty when the key's settings are usable, else a sentence.
std::string ValidatePingKey(const PingKey& key);

}  // namespace heartbeat
