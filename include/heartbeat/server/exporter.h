#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "heartbeat/core/clock.h"
#include "heartbeat/http/server.h"
#include "heartbeat/metrics/self_metrics.h"
#include "heartbeat/probe/probe_scheduler.h"
#include "heartbeat/server/exporter_options.h"
#include "heartbeat/store/deadline_timer.h"
#include "heartbeat/store/state_index.h"
#include "heartbeat/store/store.h"
#include "heartbeat/web/status_pages.h"

namespace heartbeat {

class ZeroconfAdvertiser;

// The whole server, wired: store, index, config, metrics and HTTP. main() and
// the integration tests build one of these; tests pass a manual clock.
class Exporter {
 public:
  // Opens the store and loads the config file. Throws std::runtime_error with a
  // sentence on anything that stops a start (bad config, unusable store).
  Exporter(const ExporterOptions& options, const TimeSource& clock);
  ~Exporter();

  // Binds the listen address (port 0: any free port); returns the port.
  int Bind();
  // Serves until Stop().
  bool Run();
  void Stop();

  // Re-reads the config file; empty string on success, else the reason (the running config is
  // kept).
  std::string Reload();

  const std::string& admin_token() const { return admin_token_; }
  Store& store() { return *store_; }
  const StateIndex& index() const { return store_->index(); }
  ProbeScheduler& probes() { return *probes_; }

 private:
  // Loads the config file and makes the store match it; throws on any problem.
  void ApplyConfigFile(const char* success_message);

  ExporterOptions options_;
  const TimeSource& clock_;
  SelfMetrics self_metrics_;
  std::unique_ptr<Store> store_;
  // `status_pages:` of the config file, replaced on every load and reload.
  std::shared_ptr<web::StatusPageRegistry> status_pages_ =
      std::make_shared<web::StatusPageRegistry>();
  std::string admin_token_;
  // After the store (it reads the index and writes verdicts), before the server (handlers use it).
  std::unique_ptr<ProbeScheduler> probes_;
  std::unique_ptr<http::HttpServer> server_;
  // --zeroconf.advertise: started by Bind(), once the port is known.
  std::unique_ptr<ZeroconfAdvertiser> zeroconf_;
  std::mutex reload_mutex_;
  // Last: stops before the store it writes to goes.
  std::unique_ptr<DeadlineTimer> deadline_timer_;
};

}  // namespace heartbeat
