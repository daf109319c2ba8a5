// Ping keys, keyword filters and signal classifications in the store: kept
// across restarts, migrated from older files, and a secret naming one thing only.
#include <SQLiteCpp/Database.h>
#include <gtest/gtest.h>

#include <memory>

#include "common/temp_dir.h"
#include "common/test_time.h"
#include "heartbeat/core/token.h"
#include "heartbeat/store/store.h"
#include "store/store_schema.h"

namespace heartbeat {
namespace {

using testing::TempDir;
using testing::Utc;

class PingKeyStoreTest : public ::testing::Test {
 protected:
  void SetUp() override { Open(); }

  void Open() {
    store_.reset();
    StoreOptions options;
    options.path = dir_.File("hb.db");
    store_ = std::make_unique<Store>(options, clock_);
  }

  PingKey Key(const std::string& secret, const std::string& team) {
    PingKey key;
    key.key_hash = HashToken(secret);
    key.team = team;
    return key;
  }

  ApplicationSpec Spec(const std::string& name) {
    ApplicationSpec spec;
    spec.name = name;
    spec.team = "ops";
    return spec;
  }

  TempDir dir_;
  ManualTimeSource clock_{Utc("2026-06-01 12:00:00")};
  std::unique_ptr<Store> store_;
};

TEST_F(PingKeyStoreTest, KeysAreKeptAcrossRestartsWithTheirProvisioning) {
  PingKey key = Key("key-of-ops-123", "ops");
  key.auto_provision = true;
  key.provision.schedule = "30 2 * * *";
  key.provision.timezone = "Europe/Zurich";
  key.provision.grace = Seconds(600);
  const WriteResult created = store_->CreatePingKey(key);
  ASSERT_EQ(created.status, WriteStatus::kOk) << created.message;
  ASSERT_TRUE(created.ping_key);
  EXPECT_EQ(created.ping_key->created_at, Utc("2026-06-01 12:00:00"));
  EXPECT_EQ(store_->ping_keys().FindByHash(HashToken("key-of-ops-123")), created.ping_key);

  Open();
  const PingKeyRecord loaded = store_->ping_keys().FindByHash(HashToken("key-of-ops-123"));
  ASSERT_TRUE(loaded);
  EXPECT_EQ(loaded->id, created.ping_key->id);
  EXPECT_EQ(loaded->team, "ops");
  EXPECT_TRUE(loaded->auto_provision);
  EXPECT_EQ(loaded->provision, key.provision);
  EXPECT_EQ(loaded->created_at, Utc("2026-06-01 12:00:00"));
}

TEST_F(PingKeyStoreTest, RevokedKeysAreGoneForGood) {
  const long long id = store_->CreatePingKey(Key("key-of-ops-123", "ops")).ping_key->id;
  ASSERT_EQ(store_->RevokePingKey(id).status, WriteStatus::kOk);
  EXPECT_FALSE(store_->ping_keys().FindById(id));
  EXPECT_FALSE(store_->ping_keys().FindByHash(HashToken("key-of-ops-123")));
  const WriteResult again = store_->RevokePingKey(id);
  EXPECT_EQ(again.status, WriteStatus::kNotFound);
  EXPECT_EQ(again.message, "no ping key " + std::to_string(id));
  Open();
  EXPECT_TRUE(store_->ping_keys().List().empty());
}

TEST_F(PingKeyStoreTest, ASecretIsATokenOrAKeyNeverBoth) {
  ASSERT_EQ(store_->CreateApplication(Spec("a"), HashToken("shared-secret"), false).status,
            WriteStatus::kOk);
  EXPECT_EQ(store_->CreatePingKey(Key("shared-secret", "ops")).status, WriteStatus::kConflict);
  ASSERT_EQ(store_->CreatePingKey(Key("key-of-ops-123", "ops")).status, WriteStatus::kOk);
  EXPECT_EQ(store_->CreatePingKey(Key("key-of-ops-123", "web")).status, WriteStatus::kConflict);
  EXPECT_EQ(store_->CreateApplication(Spec("b"), HashToken("key-of-ops-123"), false).status,
            WriteStatus::kConflict);
  EXPECT_EQ(store_->ReplaceToken("a", HashToken("key-of-ops-123")).status, WriteStatus::kConflict);
  EXPECT_EQ(store_->ping_keys().List().size(), 1u);
}

TEST_F(PingKeyStoreTest, InvalidProvisioningIsRefusedBeforeTheWriter) {
  PingKey key = Key("key-of-ops-123", "ops");
  key.auto_provision = true;
  key.provision.timezone = "Mars/Olympus";
  key.provision.schedule = "@daily";
  const WriteResult refused = store_->CreatePingKey(key);
  EXPECT_EQ(refused.status, WriteStatus::kInvalid);
  EXPECT_NE(refused.message.find("Mars/Olympus"), std::string::npos) << refused.message;
}

TEST_F(PingKeyStoreTest, FiltersAndClassificationsAreKept) {
  ApplicationSpec spec = Spec("backup");
  PingFilter filter;
  filter.success_keywords = {"Backup successful"};
  filter.failure_keywords = {"ERROR", "FATAL"};
  filter.fail_when_no_keyword_matches = true;
  filter.post_only = true;
  spec.set_ping_filter(filter);
  const long long id = store_->CreateApplication(spec, HashToken("token-b-123"), false).record->id;
  Signal signal;
  signal.kind = SignalKind::kFail;
  signal.classified_by = ClassifiedBy::kFailureKeyword;
  signal.matched_keyword = "FATAL";
  ASSERT_EQ(store_->RecordSignal(id, signal).status, WriteStatus::kOk);
  Signal plain;
  ASSERT_EQ(store_->RecordSignal(id, plain).status, WriteStatus::kOk);

  Open();
  EXPECT_EQ(store_->index().FindByName("backup")->spec.ping_filter(), filter);
  const auto history = store_->History(id, 10);
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].classified_by, "request");
  EXPECT_EQ(history[0].matched_keyword, "");
  EXPECT_EQ(history[1].classified_by, "failure_keyword");
  EXPECT_EQ(history[1].matched_keyword, "FATAL");
}

TEST_F(PingKeyStoreTest, RowsFromBeforeTheMigrationReadAsClassifiedByTheRequest) {
  const std::string path = dir_.File("v3.db");
  {
    SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    MigrateSchema(db, 3);  // the version before ping keys and filters
    db.exec(
        "INSERT INTO applications (id, name, token_hash, created_at_ms) VALUES (7, 'old', "
        "x'00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff', 0);"
        "INSERT INTO signals (application_id, received_at_ms, kind) VALUES (7, 1000, 'ok');");
  }
  StoreOptions options;
  options.path = path;
  Store store(options, clock_);
  EXPECT_TRUE(store.index().FindByName("old")->spec.ping_filter().is_default());
  const auto history = store.History(7, 10);
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(history[0].classified_by, "request");
  EXPECT_TRUE(store.ping_keys().List().empty());
}

}  // namespace
}  // namespace heartbeat
