#include "heartbeat/core/run_windows.h"

#include "heartbeat/core/duration.h"
#include "heartbeat/core/validation.h"

namespace heartbeat {

Seconds EffectiveMaxRuntime(const RunWindows& windows, Seconds grace) {
  return windows.max_runtime.count() > 0 ? windows.max_runtime : grace;
}

std::string CheckRunWindows(const RunWindows& windows, Seconds grace, bool has_deadline) {
  if (std::string why = CheckDuration(windows.start_window); !why.empty()) {
    return "start_window " + why;
  }
  if (std::string why = CheckDuration(windows.max_runtime); !why.empty()) {
    return "max_runtime " + why;
  }
  if (std::string why = CheckDuration(windows.min_runtime); !why.empty()) {
    return "min_runtime " + why;
  }
  if (windows.start_window.count() > 0 && !has_deadline) {
    return "start_window needs an interval or a schedule: it counts from the time a run is due";
  }
  const Seconds max_runtime = EffectiveMaxRuntime(windows, grace);
  if (windows.min_runtime.count() > 0 && max_runtime.count() > 0 &&
      windows.min_runtime >= max_runtime) {
    return "min_runtime " + FormatDuration(windows.min_runtime) +
           " must be shorter than the maximum run time (" + FormatDuration(max_runtime) +
           (windows.max_runtime.count() > 0 ? ", max_runtime)" : ", grace)");
  }
  return "";
}

}  // namespace heartbeat
