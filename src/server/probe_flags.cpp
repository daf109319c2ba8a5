#include "server/probe_flags.h"

#include "http/network_allow_list.h"

namespace heartbeat {

void AddProbeFlags(CLI::App& app, ExporterOptions& options) {
  app.add_option("--probe.concurrency", options.probe_concurrency,
                 "Probe attempts running at once (a fixed pool; a hanging target holds one slot "
                 "for its timeout)")
      ->capture_default_str()
      ->check(CLI::Range(1, 4096));
  app.add_flag("--healthchecker.registration", options.healthchecker_registration,
               "Let Healthchecker.Server clients register probes with POST /healthchecker/monitor "
               "without the admin token (anyone allowed can make the exporter send requests)");
  app.add_option("--healthchecker.registration-allow", options.healthchecker_registration_allow,
                 "Networks (CIDR, comma-separated) allowed to use the /healthchecker/ endpoints")
      ->capture_default_str();
  app.add_flag("--zeroconf.advertise", options.zeroconf_advertise,
               "Publish _healthchecker._http._tcp.local. by mDNS with the listen address, so "
               "Healthchecker.Server clients find the exporter (UDP 5353, multicast)");
}

void CheckProbeFlags(const ExporterOptions& options) {
  http::NetworkAllowList::Parse(options.healthchecker_registration_allow,
                                "--healthchecker.registration-allow");
}

}  // namespace heartbeat
