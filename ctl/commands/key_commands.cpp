#include "ctl/commands/key_commands.h"

#include <iostream>
#include <memory>

#include "ctl/args.h"
#include "ctl/format.h"
#include "ctl/url.h"

namespace heartbeat::ctl {
namespace {

struct KeyFlags {
  PingKeyArgs add;
  std::optional<std::string> team;  // list: a filter; revoke: the guard
  long long id = 0;
};

using Flags = std::shared_ptr<KeyFlags>;

void AddCreate(CLI::App& group, const GlobalOptions& globals, Action& chosen, const Flags& flags) {
  auto* add = group.add_subcommand("add", "Create a team's ping key and print it");
  add->add_option("--team", flags->add.team, "The team whose applications the key reaches")
      ->required();
  add->add_option("--key", flags->add.key,
                  "Import an existing key (e.g. a healthchecks.io project's ping key)");
  add->add_flag("--auto-provision", flags->add.auto_provision,
                "Create unknown applications on their first ping (slug ?create=1, Cronitor)");
  auto* interval = add->add_option("--interval", flags->add.interval,
                                   "Interval of auto-provisioned applications (default 1d)");
  auto* schedule = add->add_option("--schedule", flags->add.schedule,
                                   "Cron schedule of auto-provisioned applications");
  interval->excludes(schedule);
  add->add_option("--timezone", flags->add.timezone, "IANA time zone of --schedule (UTC)");
  add->add_option("--grace", flags->add.grace, "Grace of auto-provisioned applications (1h)");
  add->callback([&chosen, &globals, flags] {
    chosen = [&globals, flags] {
      const auto body = BuildPingKeyBody(flags->add);
      const auto answer = MakeApiClient(globals, /*admin=*/true).Post("/api/v1/ping-keys", body);
      std::cout << FormatPingKeyInstructions(answer);
      return 0;
    };
  });
}

void AddListAndRevoke(CLI::App& group, const GlobalOptions& globals, Action& chosen,
                      const Flags& flags) {
  auto* list = group.add_subcommand("list", "List ping keys (never the keys themselves)");
  list->add_option("--team", flags->team, "Only this team's keys");
  list->callback([&chosen, &globals, flags] {
    chosen = [&globals, flags] {
      std::string path = "/api/v1/ping-keys";
      if (flags->team) path += "?team=" + PercentEncode(*flags->team);
      const auto answer = MakeApiClient(globals, true).Get(path);
      std::cout << FormatPingKeyTable(answer, SystemTimeSource().Now());
      return 0;
    };
  });

  auto* revoke = group.add_subcommand("revoke", "Revoke a ping key: its URLs stop working at once");
  revoke->add_option("id", flags->id, "The key's id (from key list)")
      ->required()
      ->check(CLI::PositiveNumber);
  revoke->add_option("--team", flags->team, "The key's team, as a guard against a wrong id")
      ->required();
  revoke->callback([&chosen, &globals, flags] {
    chosen = [&globals, flags] {
      const std::string id = std::to_string(flags->id);
      MakeApiClient(globals, true)
          .Delete("/api/v1/ping-keys/" + id + "?team=" + PercentEncode(flags->team.value_or("")));
      std::cout << "Revoked ping key " << id << " (team \"" << flags->team.value_or("") << "\").\n";
      return 0;
    };
  });
}

}  // namespace

void AddKeyCommands(CLI::App& app, const GlobalOptions& globals, Action& chosen) {
  auto* group = app.add_subcommand("key", "Manage ping keys (slug and Cronitor URLs)");
  group->require_subcommand(1);
  const auto flags = std::make_shared<KeyFlags>();
  AddCreate(*group, globals, chosen, flags);
  AddListAndRevoke(*group, globals, chosen, flags);
}

}  // namespace heartbeat::ctl
