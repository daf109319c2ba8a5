#pragma once

// Private to the store: the checks a push's job metrics pass inside the
// writer's batch, where they see every commit before them and the writes of
// the same batch, so two applications pushing at once cannot both slip by.

#include <cstddef>
#include <optional>

#include "heartbeat/core/job_metrics.h"
#include "store/write_context.h"

namespace heartbeat {

// nullopt when `metrics` may replace application `id`'s; else the refusal
// (kConflict with a sentence): a family name another application uses with
// another type, or more series in all than `series_limit`.
std::optional<WriteResult> AdmitJobMetrics(const WriteContext& context, long long id,
                                           const JobMetrics& metrics, std::size_t series_limit);

}  // namespace heartbeat
