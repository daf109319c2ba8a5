#include "ctl/commands/exec_command.h"

#include <unistd.h>

#include <memory>

#include "ctl/args.h"
#include "ctl/exec.h"
#include "heartbeat/core/duration.h"

namespace heartbeat::ctl {
namespace {

struct ExecFlags {
  std::string ping_url;
  std::string timeout = "10s";
  int retries = 3;
  std::vector<std::string> command;
};

// One write per line so a warning is never interleaved with the job's own stderr.
void WarnOnStderr(const std::string& line) {
  const std::string text = line + "\n";
  [[maybe_unused]] const auto written = write(STDERR_FILENO, text.data(), text.size());
}

}  // namespace

void AddExecCommand(CLI::App& app, const GlobalOptions& globals, Action& chosen) {
  auto flags = std::make_shared<ExecFlags>();
  auto* command = app.add_subcommand(
      "exec", "Run a command between a start and a completion ping (healthchecks.io style)");
  command->add_option("--ping-url", flags->ping_url, "The check's ping URL, http or https")
      ->envname("HEARTBEAT_PING_URL")
      ->required();
  command->add_option("--timeout", flags->timeout, "Timeout of each ping attempt")
      ->capture_default_str();
  command->add_option("--retries", flags->retries, "Extra attempts per ping, with backoff")
      ->check(CLI::Range(0, 10))
      ->capture_default_str();
  command->add_option("command", flags->command, "The command and its arguments, after --")
      ->required();
  command->footer(
      "Example: heartbeatctl exec --ping-url http://host:9799/ping/TOKEN -- "
      "/usr/local/bin/backup.sh --full");
  command->callback([&, flags] {
    chosen = [&globals, flags] {
      ExecOptions options;
      try {
        options.ping_url = ParseHttpUrl(flags->ping_url);
      } catch (const std::invalid_argument& error) {
        throw UsageError(std::string("--ping-url: ") + error.what());
      }
      try {
        options.ping.timeout = ParseDuration(flags->timeout);
      } catch (const std::invalid_argument& error) {
        throw UsageError(std::string("--timeout: ") + error.what());
      }
      if (options.ping.timeout.count() <= 0) throw UsageError("--timeout must be at least 1s");
      options.ping.retries = flags->retries;
      options.ping.ca_file = globals.ca_file;
      options.command = flags->command;
      return RunWithPings(options, WarnOnStderr);
    };
  });
}

}  // namespace heartbeat::ctl
