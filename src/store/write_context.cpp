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

bool WriteContext::TokenInUse(const TokenHash& token_hash) const {
  for (const auto& entry : staged_) {
    if (entry.second && entry.second->token_hash == token_hash) return true;
  }
  const ApplicationRecord holder = index_.FindByToken(token_hash);
  if (!holder) return false;
  // The holder may have been removed or re-keyed earlier in this batch.
  const auto staged = staged_.find(holder->id);
  return staged == staged_.end() || (staged->second && staged->second->token_hash == token_hash);
}

void WriteContext::Created(const std::shared_ptr<Application>& app) {
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
