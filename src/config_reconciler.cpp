#include "heartbeat/config_reconciler.h"

#include <stdexcept>
#include <unordered_set>

#include "heartbeat/token.h"

namespace heartbeat {

namespace {

void Require(const WriteResult& result, const std::string& name) {
  if (result.status != WriteStatus::kOk) {
    throw std::runtime_error("application \"" + name + "\": " + result.message);
  }
}

}  // namespace

ReconcileSummary ReconcileDeclared(Store& store, const StateIndex& index, const ConfigFile& config) {
  ReconcileSummary summary;
  std::unordered_set<std::string> declared_names;
  for (const DeclaredApplication& declared : config.applications) {
    const ApplicationSpec& spec = declared.spec;
    declared_names.insert(spec.name);
    const ApplicationRecord existing = index.FindByName(spec.name);
    if (!existing) {
      // Without token_file/token_env nobody can push to it: fine for probes, and
      // the operator can rotate one later through the API.
      const std::string token = declared.token.empty() ? GenerateToken() : declared.token;
      Require(store.CreateApplication(spec, HashToken(token), true), spec.name);
      ++summary.created;
      continue;
    }
    bool changed = false;
    if (!existing->declared || !(existing->spec == spec)) {
      Require(store.UpdateApplication(spec.name, spec, true), spec.name);
      changed = true;
    }
    if (!declared.token.empty() && HashToken(declared.token) != existing->token_hash) {
      Require(store.ReplaceToken(spec.name, HashToken(declared.token)), spec.name);
      changed = true;
    }
    ++(changed ? summary.updated : summary.unchanged);
  }
  for (const ApplicationRecord& app : index.Snapshot()) {
    if (app->declared && declared_names.count(app->spec.name) == 0) {
      Require(store.DeleteApplication(app->spec.name), app->spec.name);
      ++summary.removed;
    }
  }
  return summary;
}

}  // namespace heartbeat
