#pragma once

#include <optional>
#include <string>

#include "heartbeat/core/clock.h"
#include "heartbeat/core/job_metrics.h"
#include "heartbeat/core/storage_location.h"

namespace heartbeat {

// The heartbeat_exporter command line (docs/reference.md §5), Prometheus exporter style.
struct ExporterOptions {
  std::string listen_address = ":9799";
  std::string telemetry_path = "/metrics";
  std::string web_config_file;
  std::string admin_token_file;
  std::string external_url;
  std::string storage_path = StorageLocation::kDefaultPath;
  std::string storage_sync = "full";
  int retention_signals = 100;
  Seconds retention_flips = std::chrono::hours(24 * 90);  // --storage.retention.flips
  long long body_limit = 100 * 1024;
  std::string config_file;
  std::string log_level = "info";
  std::string log_format = "logfmt";
  bool statuscope_compat = false;
  bool labels_on_all_series = false;  // --metrics.labels-on-all-series
  // Job metrics (issue 16): series kept across all applications, and what an
  // outdated or paused application's show ("hide" or "keep").
  long long job_series_limit = kDefaultJobSeriesLimit;  // --metrics.job-series-limit
  std::string job_metrics_stale = "hide";               // --metrics.job-metrics-stale
  int worker_threads = 64;
  int keep_alive_max_requests = 1000;
  int read_timeout_seconds = 10;
  std::string checks_auth = "none";  // --web.checks-auth: none or admin
  int keep_alive_timeout_seconds = 30;
  long long max_connections = 0;  // 0: the default (16384), bounded by the open-file limit
  // Probes and Healthchecker.Server compatibility (src/server/probe_flags.cpp).
  int probe_concurrency = 64;
  bool healthchecker_registration = false;
  std::string healthchecker_registration_allow = "127.0.0.0/8,::1/128";
  bool zeroconf_advertise = false;
};

struct ParsedCommandLine {
  std::optional<ExporterOptions> options;  // empty: exit with exit_code after printing output
  int exit_code = 0;
  std::string output;  // --help, --version or the error, for the caller to print
};

ParsedCommandLine ParseExporterCommandLine(int argc, const char* const argv[]);

// ":9799" -> {"0.0.0.0", 9799}; "127.0.0.1:0"; "[::1]:9799" -> {"::1", 9799}.
// Throws std::invalid_argument with a sentence.
struct ListenAddress {
  std::string host;
  int port = 0;
};
ListenAddress ParseListenAddress(const std::string& address);

}  // namespace heartbeat
