#include "ctl/commands/command_context.h"

#include <cstdlib>
#include <stdexcept>

#include "ctl/args.h"
#include "heartbeat/core/duration.h"

namespace heartbeat::ctl {

void AddGlobalOptions(CLI::App& app, GlobalOptions& options) {
  app.add_option("--url", options.url, "heartbeat_exporter base URL")
      ->envname("HEARTBEAT_URL")
      ->capture_default_str();
  app.add_option("--admin-token-file", options.admin_token_file,
                 "File holding the admin token (else $HEARTBEAT_ADMIN_TOKEN, else "
                 "<data-dir>/admin-token)");
  app.add_option("--data-dir", options.data_dir,
                 "The server's storage directory, where it writes admin-token")
      ->capture_default_str();
  app.add_option("--ca-file", options.ca_file, "CA bundle to verify an https server with");
  app.add_option("--api-timeout", options.timeout, "Timeout of each API request")
      ->capture_default_str();
}

ApiClient MakeApiClient(const GlobalOptions& options, bool admin) {
  ApiClientOptions client;
  try {
    client.server = ParseHttpUrl(options.url);
  } catch (const std::invalid_argument& error) {
    throw UsageError(std::string("--url: ") + error.what());
  }
  try {
    client.timeout = ParseDuration(options.timeout);
  } catch (const std::invalid_argument& error) {
    throw UsageError(std::string("--api-timeout: ") + error.what());
  }
  if (client.timeout.count() <= 0) throw UsageError("--api-timeout must be at least 1s");
  client.ca_file = options.ca_file;
  if (admin) {
    client.admin_token = ResolveAdminToken(options.admin_token_file,
                                           std::getenv("HEARTBEAT_ADMIN_TOKEN"), options.data_dir);
  }
  return ApiClient(client);
}

}  // namespace heartbeat::ctl
