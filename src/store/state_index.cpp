#include "heartbeat/store/state_index.h"

#include <mutex>

namespace heartbeat {

std::vector<ApplicationRecord> StateIndex::Snapshot() const {
  std::shared_lock lock(mutex_);
  std::vector<ApplicationRecord> records;
  records.reserve(by_name_.size());
  for (const auto& entry : by_name_) records.push_back(entry.second);
  return records;
}

ApplicationRecord StateIndex::FindByName(const std::string& name) const {
  std::shared_lock lock(mutex_);
  const auto it = by_name_.find(name);
  return it == by_name_.end() ? nullptr : it->second;
}

ApplicationRecord StateIndex::FindByToken(const TokenHash& token_hash) const {
  std::shared_lock lock(mutex_);
  const auto it = by_token_.find(token_hash);
  return it == by_token_.end() ? nullptr : it->second;
}

ApplicationRecord StateIndex::FindById(long long id) const {
  std::shared_lock lock(mutex_);
  const auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : it->second;
}

std::size_t StateIndex::size() const {
  std::shared_lock lock(mutex_);
  return by_id_.size();
}

void StateIndex::Publish(const std::vector<Change>& changes) {
  std::unique_lock lock(mutex_);
  for (const Change& change : changes) {
    if (change.record) {
      PutLocked(change.record);
    } else {
      RemoveLocked(change.removed_id);
    }
  }
}

void StateIndex::Clear() {
  std::unique_lock lock(mutex_);
  by_name_.clear();
  by_token_.clear();
  by_id_.clear();
  job_metrics_.Clear();
}

long long StateIndex::JobFamilyTypeClash(const std::string& name, const std::string& type,
                                         const std::function<bool(long long id)>& skip) const {
  std::shared_lock lock(mutex_);
  return job_metrics_.TypeClash(name, type, skip);
}

std::size_t StateIndex::JobSeriesTotal() const {
  std::shared_lock lock(mutex_);
  return job_metrics_.series();
}

void StateIndex::PutLocked(const ApplicationRecord& record) {
  // The name or token may have changed (rename is not offered, rotation is):
  // drop the old keys first.
  RemoveLocked(record->id);
  by_id_[record->id] = record;
  by_name_[record->spec.name] = record;
  by_token_[record->token_hash] = record;
  job_metrics_.Add(*record);
}

void StateIndex::RemoveLocked(long long id) {
  const auto it = by_id_.find(id);
  if (it == by_id_.end()) return;
  const ApplicationRecord old = it->second;
  by_id_.erase(it);
  by_name_.erase(old->spec.name);
  by_token_.erase(old->token_hash);
  job_metrics_.Remove(*old);
}

}  // namespace heartbeat
