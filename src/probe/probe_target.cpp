#include "probe/probe_target.h"

#include "core/application_rules.h"
#include "heartbeat/core/host_port.h"
#include "heartbeat/core/text.h"

namespace heartbeat {

std::optional<ProbeTarget> ParseProbeTarget(const std::string& url) {
  if (!rules::CheckProbeUrl(url).empty()) return std::nullopt;
  const size_t scheme_end = url.find("://");
  const std::string scheme = ToLower(url.substr(0, scheme_end));
  ProbeTarget target;
  target.scheme = scheme == "https" ? ProbeTarget::Scheme::kHttps
                  : scheme == "tcp" ? ProbeTarget::Scheme::kTcp
                                    : ProbeTarget::Scheme::kHttp;
  const size_t authority_start = scheme_end + 3;
  const size_t authority_end = url.find_first_of("/?#", authority_start);
  target.authority = url.substr(authority_start, authority_end == std::string::npos
                                                     ? std::string::npos
                                                     : authority_end - authority_start);
  const size_t userinfo = target.authority.rfind('@');
  if (userinfo != std::string::npos) target.authority = target.authority.substr(userinfo + 1);
  const std::optional<HostPort> split = SplitHostPort(target.authority);
  if (!split) return std::nullopt;
  target.host = split->host;
  target.port = split->has_port                                ? ParsePort(split->port).value_or(0)
                : target.scheme == ProbeTarget::Scheme::kHttps ? 443
                                                               : 80;
  if (authority_end != std::string::npos) {
    target.target = url.substr(authority_end);
    const size_t fragment = target.target.find('#');
    if (fragment != std::string::npos) target.target.erase(fragment);
  }
  if (target.target.empty() || target.target[0] != '/') target.target = "/" + target.target;
  return target;
}

}  // namespace heartbeat
