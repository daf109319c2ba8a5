#include "heartbeat/store/badge_key_index.h"

#include <mutex>

namespace heartbeat {

BadgeKeyRecord BadgeKeyIndex::FindByHash(const TokenHash& key_hash) const {
  std::shared_lock lock(mutex_);
  const auto it = by_hash_.find(key_hash);
  return it == by_hash_.end() ? nullptr : it->second;
}

std::vector<BadgeKeyRecord> BadgeKeyIndex::List() const {
  std::shared_lock lock(mutex_);
  std::vector<BadgeKeyRecord> keys;
  keys.reserve(by_id_.size());
  for (const auto& [id, key] : by_id_) keys.push_back(key);
  return keys;
}

void BadgeKeyIndex::Put(const BadgeKeyRecord& key) {
  std::unique_lock lock(mutex_);
  by_id_[key->id] = key;
  by_hash_[key->key_hash] = key;
}

void BadgeKeyIndex::Remove(long long id) {
  std::unique_lock lock(mutex_);
  const auto it = by_id_.find(id);
  if (it == by_id_.end()) return;
  by_hash_.erase(it->second->key_hash);
  by_id_.erase(it);
}

void BadgeKeyIndex::Clear() {
  std::unique_lock lock(mutex_);
  by_id_.clear();
  by_hash_.clear();
}

}  // namespace heartbeat
