#pragma once

// Private to the store: --storage.retention.signals, applied by the writer in
// each batch's transaction to the applications the batch touched only.

#include <unordered_map>
#include <vector>

namespace heartbeat {

class WriteContext;

// Rows per application are counted in memory (with count(*) on first touch) and
// deleted in steps of retention/4, so a busy application pays one DELETE every
// few signals rather than one per signal; History caps its LIMIT at the
// retention, so readers never see the rows waiting for their deletion.
class HistoryRetention {
 public:
  using RowCounts = std::unordered_map<long long, int>;

  explicit HistoryRetention(int retention) : retention_(retention) {}
  int retention() const { return retention_; }

  // Prunes inside the batch's transaction; returns the rows per touched
  // application after it, to be kept by Committed() once the commit succeeded.
  RowCounts Prune(WriteContext& context) const;
  void Committed(const RowCounts& rows, const std::vector<long long>& removed);

 private:
  int CountRows(WriteContext& context, long long id) const;
  void Delete(WriteContext& context, long long id) const;

  int retention_;
  RowCounts rows_;  // the committing thread only
};

}  // namespace heartbeat
