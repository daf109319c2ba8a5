#include "ctl/commands/badge_key_commands.h"

#include <iostream>
#include <memory>

#include "ctl/format.h"

namespace heartbeat::ctl {

namespace {

struct BadgeKeyFlags {
  std::string team;
  long long id = 0;
};

void Print(const nlohmann::json& answer) {
  const std::string key = answer.value("key", "");
  std::cout << "Added badge key " << answer.value("id", 0LL) << " for team \""
            << SafeText(answer.value("team", "")) << "\". Key: " << SafeText(key) << "\n"
            << "SVG badge:    " << SafeText(answer.value("badge_url", "")) << "\n"
            << "shields.io:   " << SafeText(answer.value("shields_url", "")) << "\n"
            << "<application or team> is one of the team's applications or the team itself; "
               "the key is shown only now, the server keeps only its hash.\n";
}

}  // namespace

void AddBadgeKeyCommands(CLI::App& app, const GlobalOptions& globals, Action& chosen) {
  auto* group = app.add_subcommand("badge-key", "Manage the teams' read-only badge keys");
  group->require_subcommand(1);
  const auto flags = std::make_shared<BadgeKeyFlags>();

  auto* add = group->add_subcommand("add", "Create a team's badge key and print its URLs");
  add->add_option("--team", flags->team, "The team whose badges the key shows")->required();
  add->callback([&chosen, &globals, flags] {
    chosen = [&globals, flags] {
      Print(MakeApiClient(globals, true).Post("/api/v1/badge-keys", {{"team", flags->team}}));
      return 0;
    };
  });

  auto* list = group->add_subcommand("list", "List badge keys (never the keys themselves)");
  list->callback([&chosen, &globals] {
    chosen = [&globals] {
      std::cout << FormatBadgeKeyTable(MakeApiClient(globals, true).Get("/api/v1/badge-keys"),
                                       SystemTimeSource().Now());
      return 0;
    };
  });

  auto* revoke = group->add_subcommand("revoke", "Revoke a badge key: its badges stop at once");
  revoke->add_option("id", flags->id, "The key's id (from badge-key list)")
      ->required()
      ->check(CLI::PositiveNumber);
  revoke->callback([&chosen, &globals, flags] {
    chosen = [&globals, flags] {
      MakeApiClient(globals, true).Delete("/api/v1/badge-keys/" + std::to_string(flags->id));
      std::cout << "Revoked badge key " << flags->id << ".\n";
      return 0;
    };
  });
}

}  // namespace heartbeat::ctl
