#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "heartbeat/core/job_metrics.h"

namespace heartbeat {

// The families as text format 0.0.4 again (HELP, TYPE, samples), with
// `prefix_labels` (already escaped, as `application="x",team="y"`) first in every
// label set: what is stored, and what /metrics shows.
std::string WriteJobMetrics(const std::vector<JobFamily>& families,
                            std::string_view prefix_labels = {});

// The families with their normalized text and series count, as a signal carries them.
std::shared_ptr<const JobMetrics> MakeJobMetrics(std::vector<JobFamily> families);

}  // namespace heartbeat
