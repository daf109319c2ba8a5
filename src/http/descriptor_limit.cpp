#include "http/descriptor_limit.h"

#include <sys/resource.h>

#include <algorithm>
#include <stdexcept>
#include <string>

namespace heartbeat::http {

std::size_t ConnectionCapacity(std::size_t requested) {
  rlimit limit{};
  getrlimit(RLIMIT_NOFILE, &limit);
  if (limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
    getrlimit(RLIMIT_NOFILE, &limit);
  }
  const std::size_t available =
      limit.rlim_cur > kReservedDescriptors ? limit.rlim_cur - kReservedDescriptors : 1;
  if (requested == 0) return std::min(kDefaultMaxConnections, available);
  if (requested > available) {
    throw std::invalid_argument(
        "--web.max-connections=" + std::to_string(requested) + " does not fit under the " +
        "open-file limit (RLIMIT_NOFILE " + std::to_string(limit.rlim_cur) + ", of which " +
        std::to_string(kReservedDescriptors) + " are kept for the exporter itself); raise the " +
        "limit (ulimit -n, LimitNOFILE=) or lower the flag to at most " +
        std::to_string(available));
  }
  return requested;
}

}  // namespace heartbeat::http
