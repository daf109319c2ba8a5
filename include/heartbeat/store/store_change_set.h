#pragma once

#include <functional>
#include <string>
#include <vector>

#include "heartbeat/core/application.h"
#include "heartbeat/core/token.h"

namespace heartbeat {

class WriteContext;
struct WriteResult;

// Writes that Store::Apply commits together, in this order, in one transaction
// of their own: all of them or none (a config reload).
class StoreChangeSet {
 public:
  void Create(const ApplicationSpec& spec, const TokenHash& token_hash, bool declared);
  // Replaces the spec (not the name) of an existing application.
  void Update(const std::string& name, const ApplicationSpec& spec, bool declared);
  void ReplaceToken(const std::string& name, const TokenHash& token_hash);
  void Delete(const std::string& name);

  bool empty() const { return steps_.empty(); }
  std::size_t size() const { return steps_.size(); }

 private:
  friend class Store;
  struct Step {
    std::string application;  // named in the answer when this step is refused
    std::function<WriteResult(WriteContext&)> op;
  };
  std::vector<Step> steps_;
};

}  // namespace heartbeat
