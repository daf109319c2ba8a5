#pragma once

// Private to the store: the job_metrics table read back at start-up.

#include <SQLiteCpp/Database.h>

#include <memory>
#include <unordered_map>

#include "heartbeat/core/application.h"

namespace heartbeat {

// Attaches each stored job-metrics text, parsed again, to its application in `loaded`.
void LoadJobMetrics(SQLite::Database& db,
                    std::unordered_map<long long, std::shared_ptr<Application>>& loaded);

}  // namespace heartbeat
