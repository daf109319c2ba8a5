// heartbeatctl: the operator's command line for heartbeat_exporter. Wiring only;
// each command lives in its own file, reusable logic in the library (src/ctl_*).
#include <CLI/CLI.hpp>
#include <iostream>

#include "ctl/api_client.h"
#include "ctl/args.h"
#include "ctl/commands/app_commands.h"
#include "ctl/commands/backup_command.h"
#include "ctl/commands/badge_key_commands.h"
#include "ctl/commands/command_context.h"
#include "ctl/commands/exec_command.h"
#include "ctl/commands/key_commands.h"
#include "ctl/commands/signal_command.h"
#include "ctl/format.h"
#include "heartbeat/version.h"

namespace {

constexpr int kApiErrorExit = 1;
constexpr int kUsageErrorExit = 2;

}  // namespace

int main(int argc, char** argv) {
  using namespace heartbeat::ctl;
  CLI::App app{"heartbeatctl: manage heartbeat_exporter applications and wrap jobs with pings"};
  app.set_version_flag("--version", std::string("heartbeatctl ") + heartbeat::kVersion +
                                        " (revision " + heartbeat::kRevision + ")");
  app.require_subcommand(1);
  // Global flags also work after the subcommand: `heartbeatctl app list --url ...`.
  app.fallthrough();
  GlobalOptions globals;
  AddGlobalOptions(app, globals);
  Action chosen;
  AddAppCommands(app, globals, chosen);
  AddKeyCommands(app, globals, chosen);
  AddBadgeKeyCommands(app, globals, chosen);
  AddSignalCommand(app, globals, chosen);
  AddExecCommand(app, globals, chosen);
  AddBackupCommand(app, globals, chosen);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int code = app.exit(error);
    return code == 0 ? 0 : kUsageErrorExit;
  }
  try {
    return chosen ? chosen() : kUsageErrorExit;
  } catch (const UsageError& error) {
    std::cerr << "heartbeatctl: " << SafeText(error.what(), 2000) << "\n";
    return kUsageErrorExit;
  } catch (const ApiError& error) {
    std::cerr << "heartbeatctl: " << SafeText(error.what(), 2000) << "\n";
    return kApiErrorExit;
  } catch (const std::exception& error) {
    std::cerr << "heartbeatctl: " << SafeText(error.what(), 2000) << "\n";
    return kApiErrorExit;
  }
}
