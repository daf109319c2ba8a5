#include "heartbeat/store/ping_key_index.h"

#include <mutex>

namespace heartbeat {

PingKeyRecord PingKeyIndex::FindByHash(const TokenHash& key_hash) const {
  std::shared_lock lock(mutex_);
  const auto it = by_hash_.find(key_hash);
  return it == by_hash_.end() ? nullptr : it->second;
}

PingKeyRecord PingKeyIndex::FindById(long long id) const {
  std::shared_lock lock(mutex_);
  const auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : it->second;
}

std::vector<PingKeyRecord> PingKeyIndex::List() const {
  std::shared_lock lock(mutex_);
  std::vector<PingKeyRecord> keys;
  keys.reserve(by_id_.size());
  for (const auto& entry : by_id_) keys.push_back(entry.second);
  return keys;
}

void PingKeyIndex::Put(const PingKeyRecord& key) {
  std::unique_lock lock(mutex_);
  by_id_[key->id] = key;
  by_hash_[key->key_hash] = key;
}

void PingKeyIndex::Remove(long long id) {
  std::unique_lock lock(mutex_);
  const auto it = by_id_.find(id);
  if (it == by_id_.end()) return;
  by_hash_.erase(it->second->key_hash);
  by_id_.erase(it);
}

void PingKeyIndex::Clear() {
  std::unique_lock lock(mutex_);
  by_id_.clear();
  by_hash_.clear();
}

}  // namespace heartbeat
