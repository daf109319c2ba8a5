// CPU-clock timing shared by the in-process bench tools.
#pragma once

#include <algorithm>
#include <ctime>
#include <vector>

namespace bench {

// This thread's CPU time in ms: unlike wall time it hardly moves when other
// processes share the cores, so it compares across runs on a busy machine.
inline double ThreadCpuMs() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return now.tv_sec * 1e3 + now.tv_nsec / 1e6;
}

inline double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

}  // namespace bench
