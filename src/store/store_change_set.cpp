#include "heartbeat/store/store_change_set.h"

#include "store/store_operations.h"

namespace heartbeat {

void StoreChangeSet::Create(const ApplicationSpec& spec, const TokenHash& token_hash,
                            bool declared) {
  steps_.push_back({spec.name, store_operations::CreateApplication(spec, token_hash, declared)});
}

void StoreChangeSet::Update(const std::string& name, const ApplicationSpec& spec, bool declared) {
  steps_.push_back({name, store_operations::UpdateApplication(name, spec, declared)});
}

void StoreChangeSet::ReplaceToken(const std::string& name, const TokenHash& token_hash) {
  steps_.push_back({name, store_operations::ReplaceToken(name, token_hash)});
}

void StoreChangeSet::Delete(const std::string& name) {
  steps_.push_back({name, store_operations::DeleteApplication(name)});
}

}  // namespace heartbeat
