#include "ctl/commands/backup_command.h"

#include <iostream>
#include <memory>

#include "ctl/backup_file.h"

namespace heartbeat::ctl {

void AddBackupCommand(CLI::App& app, const GlobalOptions& globals, Action& chosen) {
  auto file = std::make_shared<std::string>();
  auto* command = app.add_subcommand(
      "backup",
      "Save an online backup of the server's database to FILE (ingest goes on meanwhile)");
  command->add_option("file", *file, "Where to write it; must not exist")->required();
  command->callback([&, file] {
    chosen = [&, file] {
      const ApiClient client = MakeApiClient(globals, /*admin=*/true);
      BackupFile out(*file);
      client.PostStreaming("/api/v1/backup", [&out](const char* data, std::size_t size) {
        return out.Write(data, size);
      });
      out.Commit();
      std::cout << "Backup written to " << *file << " (" << out.bytes()
                << " bytes). Restore: docs/storage.md.\n";
      return 0;
    };
  });
}

}  // namespace heartbeat::ctl
