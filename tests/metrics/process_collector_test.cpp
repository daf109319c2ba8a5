#include "heartbeat/metrics/process_collector.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <array>
#include <filesystem>
#include <string>
#include <vector>

namespace heartbeat {
namespace {

double Gauge(const std::vector<prometheus::MetricFamily>& families, const std::string& name) {
  for (const prometheus::MetricFamily& family : families) {
    if (family.name == name) return family.metric.at(0).gauge.value;
  }
  ADD_FAILURE() << name << " is not collected";
  return -1;
}

// The entries of /proc/self/fd, without the one the listing itself opens.
double ListedDescriptors() {
  double listed = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator("/proc/self/fd"))
    ++listed;
  return listed - 1;
}

TEST(ProcessCollectorTest, OpenDescriptorsFollowWhatTheProcessHolds) {
  const ProcessCollector collector;
  const double before = Gauge(collector.Collect(), "process_open_fds");
  EXPECT_EQ(before, ListedDescriptors());

  std::vector<std::array<int, 2>> pipes(50);
  for (auto& ends : pipes) ASSERT_EQ(pipe(ends.data()), 0);
  const double opened = Gauge(collector.Collect(), "process_open_fds");
  EXPECT_EQ(opened, before + 100);
  EXPECT_EQ(opened, ListedDescriptors());

  for (auto& ends : pipes) {
    close(ends[0]);
    close(ends[1]);
  }
  EXPECT_EQ(Gauge(collector.Collect(), "process_open_fds"), before);
}

}  // namespace
}  // namespace heartbeat
