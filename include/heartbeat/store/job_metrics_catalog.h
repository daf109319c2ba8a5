#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <string>

#include "heartbeat/core/application.h"

namespace heartbeat {

// Which applications' committed job metrics use which family names with which
// type, and how many series they hold in all (issue 16). StateIndex keeps it in
// step with the records it publishes, so the checks of a new push (one type per
// name across applications, --metrics.job-series-limit) cost a map look-up
// rather than a pass over every application.
class JobMetricsCatalog {
 public:
  void Add(const Application& app);
  void Remove(const Application& app);
  void Clear();

  // An application other than those `skip` accepts whose family `name` has a
  // type other than `type`: its id, or 0 when there is none.
  long long TypeClash(const std::string& name, const std::string& type,
                      const std::function<bool(long long id)>& skip) const;
  std::size_t series() const { return series_; }

 private:
  std::map<std::string, std::map<long long, std::string>> types_;  // name -> id -> type
  std::size_t series_ = 0;
};

}  // namespace heartbeat
