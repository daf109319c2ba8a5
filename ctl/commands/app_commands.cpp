#include "ctl/commands/app_commands.h"

#include <iostream>
#include <memory>

#include "ctl/args.h"
#include "ctl/commands/probe_options.h"
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
  AddProbeOptions(command, flags.spec.probe);
  command.add_option("--label", flags.spec.labels,
                     "Custom label key=value on the metrics (repeatable; replaces all labels)");
  command.add_option("--start-window", flags.spec.start_window,
                     "How long after the due time a start may come before 'not_started'");
  command.add_option("--max-runtime", flags.spec.max_runtime,
                     "How long a started run may take before 'overdue' (default: grace)");
  command.add_option("--min-runtime", flags.spec.min_runtime,
                     "A successful run shorter than this fails as 'too_fast'");
}

CLI::App* AddNamed(CLI::App& parent, const std::string& name, const char* description,
                   AppFlags& flags) {
  auto* command = parent.add_subcommand(name, description);
  command->add_option("name", flags.name, "Application name")->required();
  return command;
}

// Runs `run` once parsing has picked `command`.
void OnRun(CLI::App* command, Action& chosen, Action run) {
  command->callback([&chosen, run = std::move(run)] { chosen = run; });
}

using Flags = std::shared_ptr<AppFlags>;

void AddCreateAndRead(CLI::App& group, const GlobalOptions& globals, Action& chosen,
                      const Flags& flags) {
  auto* add = AddNamed(group, "add", "Register an application and print its token", *flags);
  AddSpecOptions(*add, *flags, /*create=*/true);
  OnRun(add, chosen, [&globals, flags] {
    const auto body = BuildApplicationBody(flags->name, flags->spec);
    const auto client = MakeApiClient(globals, /*admin=*/true);
    const auto answer = client.Post("/api/v1/applications", body);
    std::cout << "Added. Token: " << answer.value("token", "") << "\n"
              << FormatSignalInstructions(flags->name, answer, client.options().server);
    return 0;
  });

  OnRun(group.add_subcommand("list", "List applications and their states"), chosen, [&globals] {
    const auto answer = MakeApiClient(globals, true).Get("/api/v1/applications");
    std::cout << FormatApplicationTable(answer, Now());
    return 0;
  });

  OnRun(AddNamed(group, "show", "Show one application", *flags), chosen, [&globals, flags] {
    ValidateApplicationName(flags->name);
    const auto answer = MakeApiClient(globals, true).Get(ApplicationPath(flags->name));
    std::cout << FormatApplicationDetails(answer, Now());
    return 0;
  });
}

void AddChanges(CLI::App& group, const GlobalOptions& globals, Action& chosen, const Flags& flags) {
  auto* update = AddNamed(group, "update", "Change an application's settings", *flags);
  AddSpecOptions(*update, *flags, /*create=*/false);
  OnRun(update, chosen, [&globals, flags] {
    ValidateApplicationName(flags->name);
    const auto body = BuildApplicationBody("", flags->spec);
    const auto answer = MakeApiClient(globals, true).Patch(ApplicationPath(flags->name), body);
    std::cout << "Updated.\n" << FormatApplicationDetails(answer, Now());
    return 0;
  });

  auto* remove = AddNamed(group, "remove", "Delete an application and its history", *flags);
  OnRun(remove, chosen, [&globals, flags] {
    ValidateApplicationName(flags->name);
    MakeApiClient(globals, true).Delete(ApplicationPath(flags->name));
    std::cout << "Removed.\n";
    return 0;
  });

  auto* token = AddNamed(group, "token", "Rotate the token (the old one stops working)", *flags);
  OnRun(token, chosen, [&globals, flags] {
    ValidateApplicationName(flags->name);
    const auto client = MakeApiClient(globals, true);
    const auto answer =
        client.Post(ApplicationPath(flags->name, "token"), nlohmann::json::object());
    std::cout << "Rotated. Token: " << answer.value("token", "") << "\n"
              << FormatSignalInstructions(flags->name, answer, client.options().server);
    return 0;
  });
}

void AddPauseAndResume(CLI::App& group, const GlobalOptions& globals, Action& chosen,
                       const Flags& flags) {
  for (const std::string verb : {"pause", "resume"}) {
    const char* description =
        verb == "pause" ? "Pause alerting (signals are still recorded)" : "Resume alerting";
    OnRun(AddNamed(group, verb.c_str(), description, *flags), chosen, [&globals, flags, verb] {
      ValidateApplicationName(flags->name);
      const auto answer = MakeApiClient(globals, true)
                              .Post(ApplicationPath(flags->name, verb), nlohmann::json::object());
      std::cout << (verb == "pause" ? "Paused." : "Resumed.")
                << " State: " << SafeText(answer.value("state", "unknown")) << "\n";
      return 0;
    });
  }
}

void AddHistory(CLI::App& group, const GlobalOptions& globals, Action& chosen, const Flags& flags) {
  auto* history = AddNamed(group, "history", "Show the latest signals received", *flags);
  history->add_option("--limit", flags->limit, "How many signals to show")
      ->check(CLI::Range(1, 10000))
      ->capture_default_str();
  OnRun(history, chosen, [&globals, flags] {
    ValidateApplicationName(flags->name);
    const auto answer = MakeApiClient(globals, true)
                            .Get(ApplicationPath(flags->name, "signals") +
                                 "?limit=" + std::to_string(flags->limit));
    std::cout << FormatSignalTable(answer);
    return 0;
  });
  auto* flips = AddNamed(group, "flips", "Show the state changes and the uptime", *flags);
  flips->add_option("--limit", flags->limit, "How many state changes to show")
      ->check(CLI::Range(1, 10000))
      ->capture_default_str();
  OnRun(flips, chosen, [&globals, flags] {
    ValidateApplicationName(flags->name);
    const auto answer =
        MakeApiClient(globals, true)
            .Get(ApplicationPath(flags->name, "flips") + "?limit=" + std::to_string(flags->limit));
    std::cout << FormatFlipTable(answer);
    return 0;
  });
}

}  // namespace

void AddAppCommands(CLI::App& app, const GlobalOptions& globals, Action& chosen) {
  auto* group = app.add_subcommand("app", "Manage applications (checks)");
  group->require_subcommand(1);
  // One set of flags: CLI11 runs exactly one subcommand's action.
  const auto flags = std::make_shared<AppFlags>();
  AddCreateAndRead(*group, globals, chosen, flags);
  AddChanges(*group, globals, chosen, flags);
  AddPauseAndResume(*group, globals, chosen, flags);
  AddHistory(*group, globals, chosen, flags);
}

}  // namespace heartbeat::ctl
