#include "store/job_metrics_rows.h"

#include <SQLiteCpp/Statement.h>

#include "heartbeat/log/logging.h"

namespace heartbeat {

void LoadJobMetrics(SQLite::Database& db,
                    std::unordered_map<long long, std::shared_ptr<Application>>& loaded) {
  SQLite::Statement query(db, "SELECT application_id, body FROM job_metrics");
  while (query.executeStep()) {
    const auto it = loaded.find(query.getColumn(0).getInt64());
    if (it == loaded.end()) continue;
    auto metrics = std::make_shared<JobMetrics>();
    metrics->text = query.getColumn(1).getString();
    try {
      // No caps here: what was accepted under an earlier limit stays.
      metrics->families = ParseStoredJobMetrics(metrics->text);
    } catch (const JobMetricsError& error) {
      // Only text the exporter wrote is stored; one it cannot read (edited by
      // hand) is left out of /metrics rather than stopping the start-up.
      LogWarn("stored job metrics are unreadable; not exposed",
              {{"application", it->second->spec.name}, {"err", error.what()}});
      continue;
    }
    metrics->series = CountJobSeries(metrics->families);
    it->second->job_metrics = std::move(metrics);
  }
}

}  // namespace heartbeat
