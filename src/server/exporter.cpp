#include "heartbeat/server/exporter.h"

#include "heartbeat/config/config_file.h"
#include "heartbeat/config/config_reconciler.h"
#include "heartbeat/http/web_config.h"
#include "heartbeat/log/logging.h"
#include "heartbeat/metrics/probe_collector.h"
#include "heartbeat/metrics/process_collector.h"
#include "heartbeat/metrics/store_collector.h"
#include "heartbeat/server/admin_token.h"
#include "heartbeat/version.h"
#include "server/zeroconf_advertiser.h"

namespace heartbeat {

namespace {

double NowSeconds(const TimeSource& clock) {
  return static_cast<double>(ToMillis(clock.Now())) / 1000.0;
}

// The web config is read here, once, at start (a reload does not re-read it).
WebConfig LoadWebConfigLogged(const std::string& file) {
  if (file.empty()) return {};
  const WebConfig web = LoadWebConfig(file);
  LogInfo("web config loaded", {{"file", file},
                                {"tls", web.tls() ? "true" : "false"},
                                {"basic_auth_users", std::to_string(web.basic_auth_users.size())}});
  return web;
}

http::ServerOptions ServerOptionsFrom(const ExporterOptions& options,
                                      const std::string& admin_token) {
  http::ServerOptions server_options;
  server_options.telemetry_path = options.telemetry_path;
  server_options.external_url = options.external_url;
  server_options.body_limit = options.body_limit;
  server_options.admin_token = admin_token;
  server_options.admin_token_hint =
      "one in <storage dir>/admin-token by using a file-backed --storage.path";
  server_options.config_file = options.config_file;
  server_options.worker_threads = options.worker_threads;
  server_options.keep_alive_max_count = options.keep_alive_max_requests;
  server_options.read_timeout_seconds = options.read_timeout_seconds;
  server_options.checks_need_admin_token = options.checks_auth == "admin";
  server_options.keep_alive_timeout_seconds = options.keep_alive_timeout_seconds;
  server_options.max_connections = static_cast<std::size_t>(options.max_connections);
  server_options.web = LoadWebConfigLogged(options.web_config_file);
  server_options.healthchecker_registration = options.healthchecker_registration;
  server_options.healthchecker_allow = options.healthchecker_registration_allow;
  return server_options;
}

}  // namespace

Exporter::Exporter(const ExporterOptions& options, const TimeSource& clock)
    : options_(options), clock_(clock) {
  StoreOptions store_options;
  store_options.path = options.storage_path;
  store_options.sync_full = options.storage_sync != "normal";
  store_options.retention_signals = options.retention_signals;
  store_options.retention_flips = options.retention_flips;
  store_options.job_series_limit = static_cast<std::size_t>(options.job_series_limit);
  store_options.on_commit = [this](double seconds, std::size_t batch) {
    self_metrics_.ObserveCommit(seconds, batch);
  };
  store_ = std::make_unique<Store>(store_options, clock_);
  LogInfo("store opened", {{"path", options.storage_path},
                           {"applications", std::to_string(store_->index().size())},
                           {"sync", options.storage_sync}});

  const AdminToken admin =
      LoadOrCreateAdminToken(options.admin_token_file, StorageLocation(options.storage_path));
  if (admin.generated) {
    LogInfo("generated an admin token for the management API", {{"file", admin.source}});
  } else if (admin.token.empty()) {
    LogWarn("no admin token: the management API is disabled; set --web.admin-token-file");
  }

  admin_token_ = admin.token;

  if (!options.config_file.empty()) {
    // A bad file at start is fatal: better no exporter than one silently missing its checks.
    ApplyConfigFile("config file loaded");
  }
  ProbeSchedulerOptions probe_options;
  probe_options.max_in_flight = options.probe_concurrency;
  probes_ = std::make_unique<ProbeScheduler>(*store_, clock_, probe_options);
  try {
    server_ = std::make_unique<http::HttpServer>(
        ServerOptionsFrom(options, admin.token),
        http::ServerDependencies{
            *store_,
            store_->index(),
            clock_,
            self_metrics_,
            std::make_shared<ApplicationMetricsWriter>(
                store_->index(), clock_, options.statuscope_compat, options.labels_on_all_series,
                options.job_metrics_stale == "keep" ? StaleJobMetrics::kKeep
                                                    : StaleJobMetrics::kHide),
            {self_metrics_.registry(), std::make_shared<StoreCollector>(*store_),
             std::make_shared<ProcessCollector>(), std::make_shared<ProbeCollector>(*probes_)},
            probes_.get(),
            status_pages_});
  } catch (const std::invalid_argument& error) {  // --web.max-connections over the limit
    throw std::runtime_error(error.what());
  } catch (const std::runtime_error& error) {  // the certificate of the web config
    throw std::runtime_error(std::string(error.what()) + " from " + options.web_config_file);
  }
  if (!options.config_file.empty()) server_->SetReloadFunction([this] { return Reload(); });
  // After the config file: its applications' flips are caught up at once too.
  deadline_timer_ = std::make_unique<DeadlineTimer>(*store_, clock_);
}

Exporter::~Exporter() = default;

void Exporter::ApplyConfigFile(const char* success_message) {
  const ConfigFile config = LoadConfigFile(options_.config_file);
  const ReconcileSummary summary = ReconcileDeclared(*store_, config, options_.config_file);
  // After the applications: a reload that fails keeps the pages too.
  status_pages_->Replace(config.status_pages);
  self_metrics_.SetReloadResult(true, NowSeconds(clock_));
  LogInfo(success_message, {{"file", options_.config_file},
                            {"created", std::to_string(summary.created)},
                            {"updated", std::to_string(summary.updated)},
                            {"removed", std::to_string(summary.removed)},
                            {"unchanged", std::to_string(summary.unchanged)}});
}

int Exporter::Bind() {
  const ListenAddress address = ParseListenAddress(options_.listen_address);
  const int port = server_->Bind(address.host, address.port);
  LogInfo("listening", {{"address", address.host + ":" + std::to_string(port)}});
  if (options_.zeroconf_advertise && !zeroconf_) {
    zeroconf_ = std::make_unique<ZeroconfAdvertiser>(
        ZeroconfRecord{address.host, port, kVersion, "heartbeat_exporter health check monitor"});
  }
  return port;
}

bool Exporter::Run() { return server_->Listen(); }

void Exporter::Stop() { server_->Stop(); }

std::string Exporter::Reload() {
  if (options_.config_file.empty()) return "no --config.file is set";
  std::lock_guard lock(reload_mutex_);
  try {
    ApplyConfigFile("config file reloaded");
    probes_->Sync();  // added, changed and removed probes take effect now, not at the next sync
    return "";
  } catch (const std::exception& error) {
    self_metrics_.SetReloadResult(false, 0);
    LogError("config reload failed; keeping the running config", {{"err", error.what()}});
    return error.what();
  }
}

}  // namespace heartbeat
