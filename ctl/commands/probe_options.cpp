#include "ctl/commands/probe_options.h"

namespace heartbeat::ctl {

void AddProbeOptions(CLI::App& command, ProbeArgs& probe) {
  command.add_option("--probe", probe.url,
                     "Poll this URL: http://, https:// or tcp://host:port (an active check)");
  command.add_option("--probe-interval", probe.interval, "Time between attempts, 5s to 5m (30s)");
  command.add_option("--probe-timeout", probe.timeout, "Time an attempt may take, 2s to 60s (5s)");
  command.add_option("--healthy-threshold", probe.healthy_threshold,
                     "Successes in a row that make the probe ok, 2-10 (10)");
  command.add_option("--unhealthy-threshold", probe.unhealthy_threshold,
                     "Failures in a row that make the probe fail, 2-10 (2)");
  command.add_option("--probe-path", probe.path, "Path joined to the --probe URL, e.g. /health");
  command.add_option("--probe-method", probe.method, "HTTP method (GET)");
  command.add_option("--probe-header", probe.headers, "\"Name: value\" sent with each attempt");
  command.add_option("--expected-status", probe.expected_status,
                     "The only HTTP status that passes (200)");
  command.add_option("--ca-file", probe.ca_file, "CA bundle to verify an https target with");
  command.add_flag("--insecure-skip-verify", probe.insecure_skip_verify,
                   "Do not verify the https target's certificate");
  command.add_option("--server-name", probe.server_name,
                     "Name sent as SNI and verified (default: the URL's host)");
  command.add_option("--email", probe.email, "Contact e-mail, a label for Alertmanager");
}

}  // namespace heartbeat::ctl
