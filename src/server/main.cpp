// heartbeat_exporter: wiring only. Flags -> Exporter; signals -> stop or reload.
#include <malloc.h>
#include <pthread.h>
#include <signal.h>

#include <iostream>
#include <thread>

#include "heartbeat/log/logging.h"
#include "heartbeat/server/exporter.h"

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

  // Block the signals in every thread; one thread waits for them synchronously,
  // so the handlers can do real work (reload, orderly stop).
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  SystemTimeSource clock;
  std::unique_ptr<Exporter> exporter;
  try {
    exporter = std::make_unique<Exporter>(options, clock);
    exporter->Bind();
  } catch (const std::exception& error) {
    LogError("cannot start", {{"err", error.what()}});
    return 1;
  }

  std::thread signal_thread([&] {
    for (;;) {
      int received = 0;
      if (sigwait(&signals, &received) != 0) continue;
      if (received == SIGHUP) {
        if (options.config_file.empty()) {
          LogWarn("SIGHUP received but no --config.file is set; nothing to reload");
        } else {
          exporter->Reload();  // logs its own outcome
        }
        continue;
      }
      LogInfo("stopping", {{"signal", received == SIGINT ? "SIGINT" : "SIGTERM"}});
      exporter->Stop();
      return;
    }
  });
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
