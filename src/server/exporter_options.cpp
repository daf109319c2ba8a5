#include "heartbeat/server/exporter_options.h"

#include <CLI/CLI.hpp>

#include "heartbeat/core/duration.h"
#include "heartbeat/core/host_port.h"
#include "heartbeat/log/logging.h"
#include "heartbeat/version.h"
#include "server/probe_flags.h"

namespace heartbeat {

ListenAddress ParseListenAddress(const std::string& address) {
  const std::optional<HostPort> split = SplitHostPort(address);
  if (!split || !split->has_port) {
    throw std::invalid_argument("--web.listen-address \"" + address +
                                "\" needs a port, e.g. :9799 or 127.0.0.1:9799");
  }
  const std::optional<int> port = ParsePort(split->port, 0);
  if (!port) {
    throw std::invalid_argument("--web.listen-address \"" + address + "\": port must be 0-65535");
  }
  return ListenAddress{split->host.empty() ? "0.0.0.0" : split->host, *port};
}

namespace {

void AddWebFlags(CLI::App& app, ExporterOptions& options) {
  app.add_option("--web.listen-address", options.listen_address, "Address to listen on")
      ->capture_default_str();
  app.add_option("--web.telemetry-path", options.telemetry_path,
                 "Path under which to expose metrics")
      ->capture_default_str();
  app.add_option("--web.config.file", options.web_config_file,
                 "Path to a web configuration file (TLS and basic auth, exporter-toolkit format)");
  app.add_option(
      "--web.admin-token-file", options.admin_token_file,
      "File holding the management API's bearer token (default: <storage dir>/admin-token, "
      "generated on first start)");
  app.add_option("--web.external-url", options.external_url,
                 "URL clients reach this server at, used in printed ping URLs");
  app.add_option("--web.worker-threads", options.worker_threads,
                 "Threads serving HTTP requests that may wait (scrapes, the API, pages); each "
                 "serves one request at a time (pings, idle and slow connections hold none)")
      ->capture_default_str()
      ->check(CLI::Range(1, 4096));
  app.add_option("--web.keep-alive-max-requests", options.keep_alive_max_requests,
                 "Requests served on one keep-alive connection before it is closed")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000000));
  app.add_option("--web.checks-auth", options.checks_auth,
                 "none: /checks is readable by anyone who can reach it (statuscope's behaviour; "
                 "basic auth of --web.config.file still applies); admin: it wants the admin token")
      ->capture_default_str()
      ->check(CLI::IsMember({"none", "admin"}));
  app.add_option("--web.read-timeout", options.read_timeout_seconds,
                 "Seconds a client may take to send a request (slow clients are cut off)")
      ->capture_default_str()
      ->check(CLI::Range(1, 3600));
  app.add_option("--web.keep-alive-timeout", options.keep_alive_timeout_seconds,
                 "Seconds an idle connection (keep-alive, or one that never sent a byte) is kept "
                 "open")
      ->capture_default_str()
      ->check(CLI::Range(1, 3600));
  app.add_option("--web.max-connections", options.max_connections,
                 "Open connections at most; more are closed at once (0: 16384, or less if the "
                 "open-file limit is lower)")
      ->capture_default_str()
      ->check(CLI::Range(0LL, 10000000LL));
}

void AddStorageFlags(CLI::App& app, ExporterOptions& options, std::string& body_limit,
                     std::string& flips_retention) {
  app.add_option("--storage.path", options.storage_path, "SQLite database file")
      ->capture_default_str();
  app.add_option("--storage.sync", options.storage_sync,
                 "full: fsync every commit (no acknowledged signal is ever lost); normal: faster, "
                 "may lose the last commits on power loss")
      ->capture_default_str()
      ->check(CLI::IsMember({"full", "normal"}));
  app.add_option("--storage.retention.signals", options.retention_signals,
                 "History rows kept per application")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000000));
  app.add_option("--storage.retention.flips", flips_retention,
                 "How long state changes are kept (at least 30d: uptime covers 30 days), e.g. 90d")
      ->capture_default_str();
  app.add_option("--signal.body-limit", body_limit,
                 "Bytes of a signal's body kept (the tail), e.g. 100KiB")
      ->capture_default_str();
}

void AddOtherFlags(CLI::App& app, ExporterOptions& options) {
  app.add_option("--config.file", options.config_file, "YAML file declaring applications");
  app.add_option("--log.level", options.log_level, "debug, info, warn or error")
      ->capture_default_str();
  app.add_option("--log.format", options.log_format, "logfmt or json")->capture_default_str();
  app.add_flag("--metrics.statuscope-compat", options.statuscope_compat,
               "Also expose statuscope_check_ok for existing statuscope alerts and dashboards");
  app.add_flag("--metrics.labels-on-all-series", options.labels_on_all_series,
               "Put each application's custom labels on every per-application series, not only "
               "on heartbeat_application_info");
  app.add_option("--metrics.job-series-limit", options.job_series_limit,
                 "Job metric series (pushed with successes) kept across all applications; a "
                 "push over it is refused (0: job metrics are refused)")
      ->capture_default_str()
      ->check(CLI::Range(0LL, 10000000LL));
  app.add_option("--metrics.job-metrics-stale", options.job_metrics_stale,
                 "Job metrics of an outdated or paused application: hide them, or keep them "
                 "with heartbeat_job_metrics_stale 1")
      ->capture_default_str()
      ->check(CLI::IsMember({"hide", "keep"}));
}

// What CLI11 cannot check by itself; throws std::invalid_argument with a sentence.
void CheckOptions(ExporterOptions& options, const std::string& body_limit,
                  const std::string& flips_retention) {
  options.body_limit = ParseByteSize(body_limit);
  options.retention_flips = ParseDuration(flips_retention);
  if (options.retention_flips < std::chrono::hours(24 * 30)) {
    throw std::invalid_argument(
        "--storage.retention.flips must be at least 30d: the 30-day uptime is computed from them");
  }
  if (options.body_limit < 0 || options.body_limit > 64LL * 1024 * 1024) {
    throw std::invalid_argument("--signal.body-limit must be between 0 and 64MiB");
  }
  ParseListenAddress(options.listen_address);
  ParseLogLevel(options.log_level);
  ParseLogFormat(options.log_format);
  if (options.telemetry_path.empty() || options.telemetry_path.front() != '/') {
    throw std::invalid_argument("--web.telemetry-path must start with /");
  }
  CheckProbeFlags(options);
}

}  // namespace

ParsedCommandLine ParseExporterCommandLine(int argc, const char* const argv[]) {
  ExporterOptions options;
  std::string body_limit = "100KiB";
  std::string flips_retention = "90d";
  CLI::App app{
      "heartbeat_exporter: receives heartbeats from jobs and services, keeps them in "
      "SQLite and exposes their state to Prometheus."};
  app.set_version_flag("--version",
                       std::string("heartbeat_exporter ") + kVersion + " (" + kRevision + ")");
  AddWebFlags(app, options);
  AddStorageFlags(app, options, body_limit, flips_retention);
  AddOtherFlags(app, options);
  AddProbeFlags(app, options);

  ParsedCommandLine parsed;
  try {
    app.parse(argc, argv);
    CheckOptions(options, body_limit, flips_retention);
  } catch (const CLI::ParseError& error) {
    std::ostringstream out;
    std::ostringstream err;
    parsed.exit_code = app.exit(error, out, err);
    parsed.output = out.str() + err.str();
    return parsed;
  } catch (const std::invalid_argument& error) {
    parsed.exit_code = 2;
    parsed.output = std::string(error.what()) + "\nRun with --help for more information.\n";
    return parsed;
  }
  parsed.options = options;
  return parsed;
}

}  // namespace heartbeat
