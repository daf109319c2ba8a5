#pragma once

#include <map>
#include <memory>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "heartbeat/core/clock.h"
#include "heartbeat/core/token.h"

namespace heartbeat {

// A team's read-only badge key: it shows the badges of that team's applications
// and of the team, nothing else. Only its SHA-256 is kept.
struct BadgeKey {
  long long id = 0;
  TokenHash key_hash{};
  std::string team;
  TimePoint created_at{};
};

using BadgeKeyRecord = std::shared_ptr<const BadgeKey>;

// The committed badge keys in memory, so a badge request never touches SQLite.
// The store's writer changes it only after a commit.
class BadgeKeyIndex {
 public:
  BadgeKeyRecord FindByHash(const TokenHash& key_hash) const;
  // Sorted by id (creation order).
  std::vector<BadgeKeyRecord> List() const;

  void Put(const BadgeKeyRecord& key);
  void Remove(long long id);
  void Clear();

 private:
  mutable std::shared_mutex mutex_;
  std::map<long long, BadgeKeyRecord> by_id_;
  std::unordered_map<TokenHash, BadgeKeyRecord, TokenHashHasher> by_hash_;
};

}  // namespace heartbeat
