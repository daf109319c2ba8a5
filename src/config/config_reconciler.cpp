#include "heartbeat/config/config_reconciler.h"

#include <map>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>

#include "heartbeat/core/token.h"

namespace heartbeat {

namespace {

void Require(const WriteResult& result, const std::string& name) {
  if (result.status != WriteStatus::kOk) {
    throw std::runtime_error("application \"" + name + "\": " + result.message);
  }
}

// The store refuses a token another application holds, and it would do so half
// way through the file. Finding those clashes first keeps a reload all or nothing.
// Names the applications and lines, never the token.
void CheckTokens(const StateIndex& index, const ConfigFile& config, const std::string& origin) {
  std::map<std::string, const DeclaredApplication*> by_name;
  for (const DeclaredApplication& declared : config.applications) {
    by_name[declared.spec.name] = &declared;
  }
  const auto fail = [&origin](const DeclaredApplication& app, const std::string& holder,
                              const std::string& where) {
    throw ConfigError(origin + ":" + std::to_string(app.line) + ": application \"" + app.spec.name +
                      "\": its token is already used by application \"" + holder + "\"" + where +
                      "; each application needs its own token");
  };
  std::unordered_map<std::string, const DeclaredApplication*> by_token;
  for (const DeclaredApplication& declared : config.applications) {
    if (declared.token.empty()) continue;
    const auto [first, inserted] = by_token.emplace(declared.token, &declared);
    if (!inserted) {
      fail(declared, first->second->spec.name,
           " (line " + std::to_string(first->second->line) + ")");
    }
    const ApplicationRecord holder = index.FindByToken(HashToken(declared.token));
    if (!holder || holder->spec.name == declared.spec.name) continue;
    const auto kept = by_name.find(holder->spec.name);
    if (kept != by_name.end()) {
      // Declared again with another token: swapping tokens between two applications
      // in one reload would clash half way, so it is refused as well.
      fail(declared, holder->spec.name, " (line " + std::to_string(kept->second->line) + ")");
    }
    // A declared application that left the file is removed before anything is created.
    if (!holder->declared) fail(declared, holder->spec.name, ", which is not in the config file");
  }
}

}  // namespace

ReconcileSummary ReconcileDeclared(Store& store, const StateIndex& index, const ConfigFile& config,
                                   const std::string& origin) {
  CheckTokens(index, config, origin);
  ReconcileSummary summary;
  std::unordered_set<std::string> declared_names;
  for (const DeclaredApplication& declared : config.applications) {
    declared_names.insert(declared.spec.name);
  }
  // Removals first, so that an application renamed in the file can take over its token.
  for (const ApplicationRecord& app : index.Snapshot()) {
    if (app->declared && declared_names.count(app->spec.name) == 0) {
      Require(store.DeleteApplication(app->spec.name), app->spec.name);
      ++summary.removed;
    }
  }
  for (const DeclaredApplication& declared : config.applications) {
    const ApplicationSpec& spec = declared.spec;
    const ApplicationRecord existing = index.FindByName(spec.name);
    if (!existing) {
      // Without token_file/token_env it gets a random token nobody knows: fine for
      // probes; to push to it, declare token_file or token_env (the API does not
      // rotate tokens of declared applications).
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
  return summary;
}

}  // namespace heartbeat
