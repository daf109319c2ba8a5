// --config.file: any text an operator (or a broken deployment tool) may write.
// A file is either refused with a ConfigError or yields only valid applications.
#include <set>
#include <string>

#include "common/fuzz_check.h"
#include "heartbeat/config/config_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  heartbeat::ConfigFile config;
  try {
    config = heartbeat::ParseConfigText(text, "fuzz.yaml");
  } catch (const heartbeat::ConfigError& error) {
    // Every refusal names the file, so the operator knows which one to fix.
    FUZZ_CHECK(std::string(error.what()).rfind("fuzz.yaml:", 0) == 0, error.what());
    return 0;
  }
  // Any other exception escapes and libFuzzer reports it as a crash: the
  // exporter would stop on a message that names neither file nor line.
  std::set<std::string> names;
  for (const heartbeat::DeclaredApplication& app : config.applications) {
    FUZZ_CHECK(heartbeat::ValidateSpec(app.spec).empty(), app.spec.name);
    FUZZ_CHECK(names.insert(app.spec.name).second, "duplicate " + app.spec.name);
    FUZZ_CHECK(app.line >= 1, app.spec.name);
  }
  return 0;
}
