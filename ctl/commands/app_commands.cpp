#include "ctl/commands/app_commands.h"

#include <iostream>
#include <memory>

#include "ctl/args.h"
#include "ctl/format.h"
#include "ctl/url.h"

namespace heartbeat::ctl {
namespace {

struct AppFlags {
  std::string name;
  ApplicationArgs spec;
  int limit = 20;
};

TimePoint Now() { return SystemTimeSource().Now(); }

void AddSpecOptions(CLI::App& command, AppFlags& flags, bool create) {
  auto* interval = command.add_option("--interval", flags.spec.interval,
                                      "Expected time between signals, e.g. 1h or 90s");
  auto* schedule =
      command.add_option("--schedule", flags.spec.schedule,
                         "Cron expression (5 fields or @daily...) instead of an interval");
  interval->excludes(schedule);
  command.add_option("--timezone", flags.spec.timezone, "IANA time zone of --schedule (UTC)");
  command.add_option("--grace", flags.spec.grace, "How long past the deadline before alerting");
  command.add_option("--team", flags.spec.team, "Team label on the metrics");
  if (create) {
    command.add_option("--token", flags.spec.token,
                       "Import an existing token (e.g. from statuscope) instead of generating one");
  }
  command.add_flag("--manual-resume", flags.spec.manual_resume,
                   "Stay paused on signals until 'app resume'");
}

CLI::App* AddNamed(CLI::App& parent, const char* name, const char* description, AppFlags& flags) {
  auto* command = parent.add_subcommand(name, description);
  command->add_option("name", flags.name, "Application name")->required();
  return command;
}

}  // namespace

void AddAppCommands(CLI::App& app, const GlobalOptions& globals, Action& chosen) {
  auto* group = app.add_subcommand("app", "Manage applications (checks)");
  group->require_subcommand(1);
  auto flags = std::make_shared<AppFlags>();

  auto* add = AddNamed(*group, "add", "Register an application and print its token", *flags);
  AddSpecOptions(*add, *flags, /*create=*/true);
  add->callback([&, flags] {
    chosen = [&, flags] {
      const auto body = BuildApplicationBody(flags->name, flags->spec);
      const auto client = MakeApiClient(globals, /*admin=*/true);
      const auto answer = client.Post("/api/v1/applications", body);
      std::cout << "Added. Token: " << answer.value("token", "") << "\n"
                << FormatSignalInstructions(flags->name, answer, client.options().server);
      return 0;
    };
  });

  auto* list = group->add_subcommand("list", "List applications and their states");
  list->callback([&] {
    chosen = [&] {
      const auto answer = MakeApiClient(globals, true).Get("/api/v1/applications");
      std::cout << FormatApplicationTable(answer, Now());
      return 0;
    };
  });

  auto* show = AddNamed(*group, "show", "Show one application", *flags);
  show->callback([&, flags] {
    chosen = [&, flags] {
      ValidateApplicationName(flags->name);
      const auto answer = MakeApiClient(globals, true).Get(ApplicationPath(flags->name));
      std::cout << FormatApplicationDetails(answer, Now());
      return 0;
    };
  });

  auto* update = AddNamed(*group, "update", "Change an application's settings", *flags);
  AddSpecOptions(*update, *flags, /*create=*/false);
  update->callback([&, flags] {
    chosen = [&, flags] {
      ValidateApplicationName(flags->name);
      const auto body = BuildApplicationBody("", flags->spec);
      const auto answer = MakeApiClient(globals, true).Patch(ApplicationPath(flags->name), body);
      std::cout << "Updated.\n" << FormatApplicationDetails(answer, Now());
      return 0;
    };
  });

  auto* remove = AddNamed(*group, "remove", "Delete an application and its history", *flags);
  remove->callback([&, flags] {
    chosen = [&, flags] {
      ValidateApplicationName(flags->name);
      MakeApiClient(globals, true).Delete(ApplicationPath(flags->name));
      std::cout << "Removed.\n";
      return 0;
    };
  });

  auto* token = AddNamed(*group, "token", "Rotate the token (the old one stops working)", *flags);
  token->callback([&, flags] {
    chosen = [&, flags] {
      ValidateApplicationName(flags->name);
      const auto client = MakeApiClient(globals, true);
      const auto answer =
          client.Post(ApplicationPath(flags->name, "token"), nlohmann::json::object());
      std::cout << "Rotated. Token: " << answer.value("token", "") << "\n"
                << FormatSignalInstructions(flags->name, answer, client.options().server);
      return 0;
    };
  });

  for (const char* action : {"pause", "resume"}) {
    const std::string verb = action;
    auto* command = AddNamed(
        *group, action,
        verb == "pause" ? "Pause alerting (signals are still recorded)" : "Resume alerting",
        *flags);
    command->callback([&, flags, verb] {
      chosen = [&, flags, verb] {
        ValidateApplicationName(flags->name);
        const auto answer = MakeApiClient(globals, true)
                                .Post(ApplicationPath(flags->name, verb), nlohmann::json::object());
        std::cout << (verb == "pause" ? "Paused." : "Resumed.")
                  << " State: " << answer.value("state", "unknown") << "\n";
        return 0;
      };
    });
  }

  auto* history = AddNamed(*group, "history", "Show the latest signals received", *flags);
  history->add_option("--limit", flags->limit, "How many signals to show")
      ->check(CLI::Range(1, 10000))
      ->capture_default_str();
  history->callback([&, flags] {
    chosen = [&, flags] {
      ValidateApplicationName(flags->name);
      const auto answer = MakeApiClient(globals, true)
                              .Get(ApplicationPath(flags->name, "signals") +
                                   "?limit=" + std::to_string(flags->limit));
      std::cout << FormatSignalTable(answer);
      return 0;
    };
  });
}

}  // namespace heartbeat::ctl
