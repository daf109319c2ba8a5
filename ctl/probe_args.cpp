#include "ctl/probe_args.h"

#include "ctl/args.h"
#include "heartbeat/core/duration.h"
#include "heartbeat/core/text.h"

namespace heartbeat::ctl {

namespace {

bool AnySetting(const ProbeArgs& args) {
  return args.interval || args.timeout || args.healthy_threshold || args.unhealthy_threshold ||
         args.path || args.method || !args.headers.empty() || args.expected_status ||
         args.ca_file || args.insecure_skip_verify || args.server_name || args.email;
}

std::string JoinPath(std::string url, const std::string& path) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url + (path.empty() || path.front() != '/' ? "/" : "") + path;
}

void CheckProbeDuration(const char* flag, const std::optional<std::string>& value) {
  if (!value) return;
  try {
    ParseDuration(*value);
  } catch (const std::invalid_argument& error) {
    throw UsageError(std::string(flag) + ": " + error.what());
  }
}

nlohmann::json HeadersObject(const std::vector<std::string>& headers) {
  nlohmann::json object = nlohmann::json::object();
  for (const std::string& header : headers) {
    const std::size_t colon = header.find(':');
    if (colon == std::string::npos || colon == 0) {
      throw UsageError("--probe-header \"" + header + "\" must be \"Name: value\"");
    }
    object[Trim(header.substr(0, colon))] = Trim(header.substr(colon + 1));
  }
  return object;
}

}  // namespace

std::optional<nlohmann::json> BuildProbeBody(const ProbeArgs& args, bool create) {
  if (!args.url && !AnySetting(args)) return std::nullopt;
  if (!args.url && create) {
    throw UsageError("probe settings need --probe URL (http://, https:// or tcp://host:port)");
  }
  if (args.path && !args.url) throw UsageError("--probe-path is joined to --probe URL: give both");
  CheckProbeDuration("--probe-interval", args.interval);
  CheckProbeDuration("--probe-timeout", args.timeout);
  nlohmann::json probe = nlohmann::json::object();
  if (args.url) probe["url"] = args.path ? JoinPath(*args.url, *args.path) : *args.url;
  if (args.interval) probe["interval"] = *args.interval;
  if (args.timeout) probe["timeout"] = *args.timeout;
  if (args.healthy_threshold) probe["healthy_threshold"] = *args.healthy_threshold;
  if (args.unhealthy_threshold) probe["unhealthy_threshold"] = *args.unhealthy_threshold;
  if (args.method) probe["method"] = ToUpper(*args.method);
  if (!args.headers.empty()) probe["headers"] = HeadersObject(args.headers);
  if (args.expected_status) probe["expected_status"] = *args.expected_status;
  if (args.ca_file) probe["ca_file"] = *args.ca_file;
  if (args.insecure_skip_verify) probe["insecure_skip_verify"] = true;
  if (args.server_name) probe["server_name"] = *args.server_name;
  if (args.email) probe["email"] = *args.email;
  return probe;
}

}  // namespace heartbeat::ctl
