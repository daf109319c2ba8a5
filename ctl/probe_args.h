#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace heartbeat::ctl {

// The probe flags of `app add` / `app update` (--probe URL and its settings), as given.
struct ProbeArgs {
  std::optional<std::string> url;
  std::optional<std::string> interval;
  std::optional<std::string> timeout;
  std::optional<int> healthy_threshold;
  std::optional<int> unhealthy_threshold;
  std::optional<std::string> path;
  std::optional<std::string> method;
  std::vector<std::string> headers;  // "Name: value"
  std::optional<int> expected_status;
  std::optional<std::string> ca_file;
  bool insecure_skip_verify = false;
  std::optional<std::string> server_name;
  std::optional<std::string> email;
};

// The "probe" object of the application body, or nullopt when no probe flag
// was given. --probe-path is joined to the URL. Throws UsageError for probe
// settings without --probe on create, a header without ':' or a bad duration.
std::optional<nlohmann::json> BuildProbeBody(const ProbeArgs& args, bool create);

}  // namespace heartbeat::ctl
