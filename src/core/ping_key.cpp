#include "heartbeat/core/ping_key.h"

namespace heartbeat {

ApplicationSpec ProvisionedSpec(const PingKey& key, const std::string& name) {
  ApplicationSpec spec = key.provision;
  spec.name = name;
  spec.team = key.team;
  return spec;
}

std::string ValidatePingKey(const PingKey& key) {
  // The provisioning settings must make a valid application; any valid name stands in.
  ApplicationSpec spec = ProvisionedSpec(key, "provisioned");
  if (std::string why = ValidateSpec(spec); !why.empty()) return why;
  if (!key.auto_provision && !(key.provision == ApplicationSpec{})) {
    return "interval, schedule, timezone and grace are the settings of auto-provisioned "
           "applications: set auto_provision to true, or leave them out";
  }
  return "";
}

}  // namespace heartbeat
