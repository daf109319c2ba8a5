// The write operations and start-up load of the teams' ping keys.
#include <SQLiteCpp/Statement.h>

#include <cstring>

#include "heartbeat/store/store.h"
#include "store/write_context.h"

namespace heartbeat {

void Store::LoadPingKeys() {
  ping_keys_.Clear();
  SQLite::Statement query(*writer_db_,
                          "SELECT id, key_hash, team, auto_provision, provision_interval_seconds, "
                          "provision_schedule, provision_timezone, provision_grace_seconds, "
                          "created_at_ms FROM ping_keys");
  while (query.executeStep()) {
    auto key = std::make_shared<PingKey>();
    key->id = query.getColumn(0).getInt64();
    const SQLite::Column hash = query.getColumn(1);
    if (hash.getBytes() != static_cast<int>(key->key_hash.size())) continue;
    std::memcpy(key->key_hash.data(), hash.getBlob(), key->key_hash.size());
    key->team = query.getColumn(2).getString();
    key->auto_provision = query.getColumn(3).getInt() != 0;
    key->provision.interval = Seconds(query.getColumn(4).getInt64());
    key->provision.schedule = query.getColumn(5).getString();
    key->provision.timezone = query.getColumn(6).getString();
    key->provision.grace = Seconds(query.getColumn(7).getInt64());
    key->created_at = FromMillis(query.getColumn(8).getInt64());
    ping_keys_.Put(key);
  }
}

WriteResult Store::CreatePingKey(PingKey key) {
  if (std::string why = ValidatePingKey(key); !why.empty()) {
    return WriteFailure(WriteStatus::kInvalid, why);
  }
  return Submit([this, key = std::move(key)](WriteContext& context) {
    if (context.TokenInUse(key.key_hash)) {
      return WriteFailure(WriteStatus::kConflict,
                          "that key is already used by another ping key or an application's "
                          "token; choose another or omit it to have one generated");
    }
    auto created = std::make_shared<PingKey>(key);  // the op may be retried: keep `key`
    created->created_at = context.now();
    ScopedStatement insert = context.Use(
        "INSERT INTO ping_keys (key_hash, team, auto_provision, provision_interval_seconds, "
        "provision_schedule, provision_timezone, provision_grace_seconds, created_at_ms) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    insert->bind(1, key.key_hash.data(), static_cast<int>(key.key_hash.size()));
    insert->bind(2, key.team);
    insert->bind(3, key.auto_provision ? 1 : 0);
    insert->bind(4, static_cast<int64_t>(key.provision.interval.count()));
    insert->bind(5, key.provision.schedule);
    insert->bind(6, key.provision.timezone);
    insert->bind(7, static_cast<int64_t>(key.provision.grace.count()));
    insert->bind(8, static_cast<int64_t>(ToMillis(created->created_at)));
    insert->exec();
    created->id = context.db().getLastInsertRowid();
    const PingKeyRecord record = created;
    context.AfterCommit([this, record] { ping_keys_.Put(record); });
    WriteResult result;
    result.ping_key = record;
    return result;
  });
}

WriteResult Store::RevokePingKey(long long id) {
  return Submit([this, id](WriteContext& context) {
    ScopedStatement remove = context.Use("DELETE FROM ping_keys WHERE id = ?");
    remove->bind(1, static_cast<int64_t>(id));
    if (remove->exec() == 0) {
      return WriteFailure(WriteStatus::kNotFound, "no ping key " + std::to_string(id));
    }
    context.AfterCommit([this, id] { ping_keys_.Remove(id); });
    return WriteResult{};
  });
}

}  // namespace heartbeat
