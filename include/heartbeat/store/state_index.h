#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "heartbeat/core/application.h"
#include "heartbeat/core/token.h"
#include "heartbeat/store/job_metrics_catalog.h"

namespace heartbeat {

using ApplicationRecord = std::shared_ptr<const Application>;

// The in-memory mirror of what is committed. Records are immutable and shared,
// so a snapshot is a vector of pointers taken under a shared lock: readers
// (scrapes, /checks, token look-ups) never touch SQLite and never block ingestion
// for longer than that copy.
class StateIndex {
 public:
  // Sorted by application name.
  std::vector<ApplicationRecord> Snapshot() const;
  ApplicationRecord FindByName(const std::string& name) const;
  ApplicationRecord FindByToken(const TokenHash& token_hash) const;
  ApplicationRecord FindById(long long id) const;
  std::size_t size() const;

  // The committed job metrics (JobMetricsCatalog), for the checks of a new push.
  long long JobFamilyTypeClash(const std::string& name, const std::string& type,
                               const std::function<bool(long long id)>& skip) const;
  std::size_t JobSeriesTotal() const;

  // One change the store's writer publishes after a commit: a record to insert
  // or replace, or (record null) the removal of `removed_id`.
  struct Change {
    ApplicationRecord record;
    long long removed_id = 0;
  };
  // Applies a committed batch under one exclusive lock.
  void Publish(const std::vector<Change>& changes);
  void Clear();

 private:
  void PutLocked(const ApplicationRecord& record);
  void RemoveLocked(long long id);

  mutable std::shared_mutex mutex_;
  std::map<std::string, ApplicationRecord> by_name_;
  std::unordered_map<TokenHash, ApplicationRecord, TokenHashHasher> by_token_;
  std::unordered_map<long long, ApplicationRecord> by_id_;
  JobMetricsCatalog job_metrics_;
};

}  // namespace heartbeat
