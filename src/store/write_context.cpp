#include "store/write_context.h"

namespace heartbeat {

std::shared_ptr<Application> WriteContext::Mutable(long long id) {
  const auto staged = staged_.find(id);
  if (staged != staged_.end()) return staged->second;
  const ApplicationRecord current = index_.FindById(id);
  if (!current) return nullptr;
  auto copy = std::make_shared<Application>(*current);
  staged_[id] = copy;
  order_.push_back(id);
  return copy;
}

std::shared_ptr<Application> WriteContext::MutableByName(const std::string& name) {
  const auto staged = staged_names_.find(name);
  if (staged != staged_names_.end()) {
    return staged->second == 0 ? nullptr : Mutable(staged->second);
  }
  const ApplicationRecord current = index_.FindByName(name);
  return current ? Mutable(current->id) : nullptr;
}

bool WriteContext::TokenInUse(const TokenHash& token_hash) {
  const auto claimed = claimed_tokens_.find(token_hash);
  if (claimed != claimed_tokens_.end()) {
    const auto staged = staged_.find(claimed->second);
    // Still held, unless its claimant was removed or re-keyed since.
    if (staged != staged_.end() && staged->second && staged->second->token_hash == token_hash) {
      return true;
    }
  }
  if (const ApplicationRecord holder = index_.FindByToken(token_hash)) {
    // The holder may have been removed or re-keyed earlier in this batch.
    const auto staged = staged_.find(holder->id);
    if (staged == staged_.end() || (staged->second && staged->second->token_hash == token_hash)) {
      return true;
    }
  }
  // Last, so the common answers above cost no query.
  return PingKeyInUse(token_hash);
}

bool WriteContext::PingKeyInUse(const TokenHash& key_hash) {
  ScopedStatement query = Use("SELECT 1 FROM ping_keys WHERE key_hash = ?");
  query->bind(1, key_hash.data(), static_cast<int>(key_hash.size()));
  return query->executeStep();
}

void WriteContext::Created(const std::shared_ptr<Application>& app) {
  ClaimToken(app->id, app->token_hash);
  staged_[app->id] = app;
  staged_names_[app->spec.name] = app->id;
  order_.push_back(app->id);
}

void WriteContext::Removed(long long id, const std::string& name) {
  if (staged_.find(id) == staged_.end()) order_.push_back(id);
  staged_[id] = nullptr;
  staged_names_[name] = 0;
  removed_.push_back(id);
}

std::vector<StateIndex::Change> WriteContext::Changes() const {
  std::vector<StateIndex::Change> changes;
  changes.reserve(order_.size());
  for (long long id : order_) {
    const auto& record = staged_.at(id);
    if (record) {
      changes.push_back({record, 0});
    } else {
      changes.push_back({nullptr, id});
    }
  }
  return changes;
}

}  // namespace heartbeat
