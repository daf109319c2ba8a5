#include "heartbeat/config/config_reconciler.h"

#include <map>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>

#include "heartbeat/core/token.h"

namespace heartbeat {

namespace {

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

// What the file changes for one declared application that exists: its spec, its token.
bool PlanUpdate(const DeclaredApplication& declared, const Application& existing,
                StoreChangeSet& changes) {
  const ApplicationSpec& spec = declared.spec;
  bool changed = false;
  if (!existing.declared || !(existing.spec == spec)) {
    changes.Update(spec.name, spec, true);
    changed = true;
  }
  if (!declared.token.empty() && HashToken(declared.token) != existing.token_hash) {
    changes.ReplaceToken(spec.name, HashToken(declared.token));
    changed = true;
  }
  return changed;
}

}  // namespace

ReconcileSummary ReconcileDeclared(Store& store, const ConfigFile& config,
                                   const std::string& origin) {
  const StateIndex& index = store.index();
  CheckTokens(index, config, origin);
  ReconcileSummary summary;
  StoreChangeSet changes;
  std::unordered_set<std::string> declared_names;
  for (const DeclaredApplication& declared : config.applications) {
    declared_names.insert(declared.spec.name);
  }
  // Removals first, so that an application renamed in the file can take over its token.
  for (const ApplicationRecord& app : index.Snapshot()) {
    if (app->declared && declared_names.count(app->spec.name) == 0) {
      changes.Delete(app->spec.name);
      ++summary.removed;
    }
  }
  for (const DeclaredApplication& declared : config.applications) {
    const ApplicationRecord existing = index.FindByName(declared.spec.name);
    if (existing) {
      ++(PlanUpdate(declared, *existing, changes) ? summary.updated : summary.unchanged);
      continue;
    }
    // Without token_file/token_env it gets a random token nobody knows: fine for
    // probes; to push to it, declare token_file or token_env (the API does not
    // rotate tokens of declared applications).
    const std::string token = declared.token.empty() ? GenerateToken() : declared.token;
    changes.Create(declared.spec, HashToken(token), true);
    ++summary.created;
  }
  const WriteResult result = store.Apply(std::move(changes));
  if (result.status != WriteStatus::kOk) throw std::runtime_error(result.message);
  return summary;
}

}  // namespace heartbeat
