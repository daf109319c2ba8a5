#include "store/history_retention.h"

#include <SQLiteCpp/Statement.h>

#include <algorithm>

#include "store/write_context.h"

namespace heartbeat {

HistoryRetention::RowCounts HistoryRetention::Prune(WriteContext& context) const {
  const int slack = std::max(1, retention_ / 4);
  RowCounts after;
  for (const auto& [id, added] : context.rows_added()) {
    const auto known = rows_.find(id);
    const bool counted = known != rows_.end();
    int rows = counted ? known->second + added : CountRows(context, id);
    if (rows > retention_ + slack || (!counted && rows > retention_)) {
      Delete(context, id);
      rows = retention_;
    }
    after[id] = rows;
  }
  return after;
}

void HistoryRetention::Committed(const RowCounts& rows, const std::vector<long long>& removed) {
  for (const auto& [id, count] : rows) rows_[id] = count;
  for (long long id : removed) rows_.erase(id);
}

int HistoryRetention::CountRows(WriteContext& context, long long id) const {
  ScopedStatement count = context.Use("SELECT count(*) FROM signals WHERE application_id = ?");
  count->bind(1, static_cast<int64_t>(id));
  return count->executeStep() ? count->getColumn(0).getInt() : 0;
}

void HistoryRetention::Delete(WriteContext& context, long long id) const {
  ScopedStatement prune = context.Use(
      "DELETE FROM signals WHERE application_id = ?1 AND id <= (SELECT id FROM signals "
      "WHERE application_id = ?1 ORDER BY id DESC LIMIT 1 OFFSET ?2)");
  prune->bind(1, static_cast<int64_t>(id));
  prune->bind(2, retention_);
  prune->exec();
}

}  // namespace heartbeat
