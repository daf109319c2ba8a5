#include "ctl/commands/signal_command.h"

#include <iostream>
#include <memory>

#include "ctl/args.h"
#include "ctl/format.h"

namespace heartbeat::ctl {
namespace {

struct SignalFlags {
  std::string name;
  std::string status;
  std::string token;
};

}  // namespace

void AddSignalCommand(CLI::App& app, const GlobalOptions& globals, Action& chosen) {
  auto flags = std::make_shared<SignalFlags>();
  auto* command = app.add_subcommand("signal", "Report a run's outcome (statuscope POST /signal)");
  command->add_option("name", flags->name, "Application name")->required();
  command->add_option("status", flags->status, "ok or fail")->required();
  command->add_option("--token", flags->token, "The application's token")
      ->envname("HEARTBEAT_TOKEN");
  command->callback([&, flags] {
    chosen = [&, flags] {
      ValidateApplicationName(flags->name);
      const std::string status = NormalizeSignalStatus(flags->status);
      if (flags->token.empty()) {
        throw UsageError("no token: pass --token or set HEARTBEAT_TOKEN");
      }
      const auto answer = MakeApiClient(globals, /*admin=*/false)
                              .PostForm("/signal", {{"application", flags->name},
                                                    {"token", flags->token},
                                                    {"status", status}});
      std::cout << "Signalled " << status
                << ". State: " << SafeText(answer.value("state", "unknown")) << "\n";
      return 0;
    };
  });
}

}  // namespace heartbeat::ctl
