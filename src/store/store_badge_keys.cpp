// The write operations and start-up load of the teams' badge keys.
#include <SQLiteCpp/Statement.h>

#include <cstring>

#include "heartbeat/core/validation.h"
#include "heartbeat/store/store.h"
#include "store/write_context.h"

namespace heartbeat {

void Store::LoadBadgeKeys() {
  badge_keys_.Clear();
  SQLite::Statement query(*writer_db_, "SELECT id, key_hash, team, created_at_ms FROM badge_keys");
  while (query.executeStep()) {
    auto key = std::make_shared<BadgeKey>();
    key->id = query.getColumn(0).getInt64();
    const SQLite::Column hash = query.getColumn(1);
    if (hash.getBytes() != static_cast<int>(key->key_hash.size())) continue;
    std::memcpy(key->key_hash.data(), hash.getBlob(), key->key_hash.size());
    key->team = query.getColumn(2).getString();
    key->created_at = FromMillis(query.getColumn(3).getInt64());
    badge_keys_.Put(key);
  }
}

WriteResult Store::CreateBadgeKey(const std::string& team, const TokenHash& key_hash) {
  if (team.empty()) return WriteFailure(WriteStatus::kInvalid, "team must not be empty");
  if (std::string why = CheckTeam(team); !why.empty()) {
    return WriteFailure(WriteStatus::kInvalid, "team: " + why);
  }
  return Submit([this, team, key_hash](WriteContext& context) {
    auto created = std::make_shared<BadgeKey>();
    created->key_hash = key_hash;
    created->team = team;
    created->created_at = context.now();
    ScopedStatement insert =
        context.Use("INSERT INTO badge_keys (key_hash, team, created_at_ms) VALUES (?, ?, ?)");
    insert->bind(1, key_hash.data(), static_cast<int>(key_hash.size()));
    insert->bind(2, team);
    insert->bind(3, static_cast<int64_t>(ToMillis(created->created_at)));
    insert->exec();
    created->id = context.db().getLastInsertRowid();
    const BadgeKeyRecord record = created;
    context.AfterCommit([this, record] { badge_keys_.Put(record); });
    WriteResult result;
    result.badge_key = record;
    return result;
  });
}

WriteResult Store::RevokeBadgeKey(long long id) {
  return Submit([this, id](WriteContext& context) {
    ScopedStatement remove = context.Use("DELETE FROM badge_keys WHERE id = ?");
    remove->bind(1, static_cast<int64_t>(id));
    if (remove->exec() == 0) {
      return WriteFailure(WriteStatus::kNotFound, "no badge key " + std::to_string(id));
    }
    context.AfterCommit([this, id] { badge_keys_.Remove(id); });
    return WriteResult{};
  });
}

}  // namespace heartbeat
