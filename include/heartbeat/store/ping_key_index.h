#pragma once

#include <map>
#include <memory>
#include <shared_mutex>
#include <unordered_map>
#include <vector>

#include "heartbeat/core/ping_key.h"

namespace heartbeat {

using PingKeyRecord = std::shared_ptr<const PingKey>;

// The committed ping keys in memory, so a ping's key is looked up without SQLite.
// The store's writer changes it only after a commit.
class PingKeyIndex {
 public:
  PingKeyRecord FindByHash(const TokenHash& key_hash) const;
  PingKeyRecord FindById(long long id) const;
  // Sorted by id (creation order).
  std::vector<PingKeyRecord> List() const;

  void Put(const PingKeyRecord& key);
  void Remove(long long id);
  void Clear();

 private:
  mutable std::shared_mutex mutex_;
  std::map<long long, PingKeyRecord> by_id_;
  std::unordered_map<TokenHash, PingKeyRecord, TokenHashHasher> by_hash_;
};

}  // namespace heartbeat
