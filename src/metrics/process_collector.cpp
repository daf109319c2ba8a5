#include "heartbeat/metrics/process_collector.h"

#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace heartbeat {

namespace {

prometheus::MetricFamily Single(const char* name, const char* help, prometheus::MetricType type,
                                double value) {
  prometheus::MetricFamily family;
  family.name = name;
  family.help = help;
  family.type = type;
  prometheus::ClientMetric metric;
  if (type == prometheus::MetricType::Counter) {
    metric.counter.value = value;
  } else {
    metric.gauge.value = value;
  }
  family.metric.push_back(metric);
  return family;
}

double BootTimeSeconds() {
  std::ifstream stat("/proc/stat");
  std::string key;
  while (stat >> key) {
    if (key == "btime") {
      double btime = 0;
      stat >> btime;
      return btime;
    }
    stat.ignore(std::numeric_limits<std::streamsize>::max(), '\n');
  }
  return 0;
}

// Closed before the descriptors are counted, so it is not among them.
std::string ReadWholeFile(const char* path) {
  std::ifstream file(path);
  return std::string(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
}

// Since Linux 6.2 the size of /proc/self/fd is its number of entries: one
// stat. Listing the directory instead costs about a microsecond per descriptor
// (the kernel builds an entry for each), which made every scrape ~10 ms slower
// with 11k client connections open (docs/performance.md). Older kernels report
// 0 there and are counted by listing, without the listing's own descriptor.
double OpenDescriptors() {
  struct stat directory {};
  if (stat("/proc/self/fd", &directory) == 0 && directory.st_size > 0) {
    return static_cast<double>(directory.st_size);
  }
  std::error_code error;
  double listed = 0;
  for (auto it = std::filesystem::directory_iterator("/proc/self/fd", error);
       !error && it != std::filesystem::directory_iterator(); it.increment(error)) {
    ++listed;
  }
  return listed > 0 ? listed - 1 : 0;
}

}  // namespace

std::vector<prometheus::MetricFamily> ProcessCollector::Collect() const {
  std::vector<prometheus::MetricFamily> families;
  const std::string stat = ReadWholeFile("/proc/self/stat");
  // Fields after the command name, which is in parentheses and may contain spaces.
  const auto close = stat.rfind(')');
  if (close != std::string::npos) {
    std::istringstream fields(stat.substr(close + 2));
    std::string field;
    std::vector<std::string> values;
    while (fields >> field) values.push_back(field);
    // values[0] is field 3 (state); utime=14, stime=15, starttime=22, vsize=23, rss=24.
    if (values.size() > 22) {
      const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
      const double page = static_cast<double>(sysconf(_SC_PAGESIZE));
      const double cpu = (std::stod(values[11]) + std::stod(values[12])) / ticks;
      families.push_back(Single("process_cpu_seconds_total",
                                "Total user and system CPU time spent in seconds.",
                                prometheus::MetricType::Counter, cpu));
      families.push_back(Single(
          "process_start_time_seconds", "Start time of the process since unix epoch in seconds.",
          prometheus::MetricType::Gauge, BootTimeSeconds() + std::stod(values[19]) / ticks));
      families.push_back(Single("process_virtual_memory_bytes", "Virtual memory size in bytes.",
                                prometheus::MetricType::Gauge, std::stod(values[20])));
      families.push_back(Single("process_resident_memory_bytes", "Resident memory size in bytes.",
                                prometheus::MetricType::Gauge, std::stod(values[21]) * page));
    }
  }
  families.push_back(Single("process_open_fds", "Number of open file descriptors.",
                            prometheus::MetricType::Gauge, OpenDescriptors()));
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0) {
    families.push_back(Single("process_max_fds", "Maximum number of open file descriptors.",
                              prometheus::MetricType::Gauge, static_cast<double>(limit.rlim_cur)));
  }
  return families;
}

}  // namespace heartbeat
