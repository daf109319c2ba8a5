// heartbeat_exporter: wiring only. Flags -> Exporter; signals -> stop or reload.
#include <malloc.h>
#include <pthread.h>
#include <signal.h>

#include <iostream>
#include <thread>

#include "heartbeat/log/logging.h"
#include "heartbeat/server/exporter.h"

namespace {

// Blocks the stop and reload signals in every thread (call before any thread
// starts); one thread then waits for them synchronously, so the handlers can do
// real work (reload, orderly stop).
sigset_t BlockSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  signal(SIGPIPE, SIG_IGN);
  return signals;
}

// Reloads on SIGHUP; stops the exporter on SIGINT or SIGTERM and returns.
void HandleSignals(const sigset_t& signals, heartbeat::Exporter& exporter, bool has_config) {
  using namespace heartbeat;
  for (;;) {
    int received = 0;
    if (sigwait(&signals, &received) != 0) continue;
    if (received == SIGHUP) {
      if (!has_config) {
        LogWarn("SIGHUP received but no --config.file is set; nothing to reload");
      } else {
        exporter.Reload();  // logs its own outcome
      }
      continue;
    }
    LogInfo("stopping", {{"signal", received == SIGINT ? "SIGINT" : "SIGTERM"}});
    exporter.Stop();
    return;
  }
}

}  // namespace

int main(int argc, char** argv) {
  using namespace heartbeat;
  const ParsedCommandLine parsed = ParseExporterCommandLine(argc, argv);
  if (!parsed.options) {
    (parsed.exit_code == 0 ? std::cout : std::cerr) << parsed.output;
    return parsed.exit_code;
  }
  const ExporterOptions& options = *parsed.options;
  // Every scrape runs on whichever worker thread took the connection; with
  // glibc's default of one arena per thread each of them would keep its own
  // scrape-sized free memory (measured: +22 MiB RSS per scrape at 100k
  // applications, docs/performance.md). Two arenas keep RSS flat.
  mallopt(M_ARENA_MAX, 2);
  ConfigureLogging(ParseLogLevel(options.log_level), ParseLogFormat(options.log_format));
  const sigset_t signals = BlockSignals();

  SystemTimeSource clock;
  std::unique_ptr<Exporter> exporter;
  try {
    exporter = std::make_unique<Exporter>(options, clock);
    exporter->Bind();
  } catch (const std::exception& error) {
    LogError("cannot start", {{"err", error.what()}});
    return 1;
  }

  std::thread signal_thread(
      [&] { HandleSignals(signals, *exporter, !options.config_file.empty()); });
  const bool served = exporter->Run();
  if (!served) {
    LogError("the HTTP listener failed");
    pthread_kill(signal_thread.native_handle(), SIGTERM);
  }
  signal_thread.join();
  exporter.reset();  // drains the store's writer: every acknowledged signal is committed
  LogInfo("stopped");
  return served ? 0 : 1;
}
