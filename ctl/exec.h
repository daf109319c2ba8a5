#pragma once

#include <functional>
#include <string>
#include <vector>

#include "ctl/pinger.h"
#include "ctl/url.h"

namespace heartbeat::ctl {

struct ExecOptions {
  HttpUrl ping_url;
  PingOptions ping;
  std::vector<std::string> command;
};

using WarningSink = std::function<void(const std::string& line)>;

// `heartbeatctl exec`: pings <url>/start?rid=<new uuid>, runs the command with
// its output passed through, then POSTs the last 100 KiB of output to
// <url>/<exit status>?rid=<same uuid>. Returns the command's exit status.
// The start ping is sent while the command already runs, so a monitoring
// outage neither delays nor fails the job: failed pings become warnings.
int RunWithPings(const ExecOptions& options, const WarningSink& warn);

}  // namespace heartbeat::ctl
