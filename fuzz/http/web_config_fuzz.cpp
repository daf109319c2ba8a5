// --web.config.file (TLS and basic-auth users), read from a real file as the
// exporter reads it: each input is written to one temporary file.
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <string>

#include "common/fuzz_check.h"
#include "heartbeat/http/web_config.h"

namespace {

// One file per process, removed at exit; its directory is where relative
// certificate paths resolve.
class TempFile {
 public:
  TempFile() {
    char pattern[] = "/tmp/heartbeat-web-config-fuzz-XXXXXX";
    const int fd = mkstemp(pattern);
    if (fd < 0) std::abort();
    close(fd);
    path_ = pattern;
  }
  ~TempFile() { unlink(path_.c_str()); }
  const std::string& Write(const uint8_t* data, size_t size) {
    std::ofstream(path_, std::ios::binary | std::ios::trunc)
        .write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    return path_;
  }

 private:
  std::string path_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static TempFile file;
  const std::string& path = file.Write(data, size);
  heartbeat::WebConfig config;
  try {
    config = heartbeat::LoadWebConfig(path);
  } catch (const std::runtime_error& error) {
    // The exporter stops with this sentence: it must say which file is wrong.
    FUZZ_CHECK(std::string(error.what()).find(path) != std::string::npos, error.what());
    return 0;
  }
  FUZZ_CHECK(config.cert_file.empty() == config.key_file.empty(), "half a TLS pair accepted");
  for (const auto& [user, hash] : config.basic_auth_users) {
    FUZZ_CHECK(hash.rfind("$2", 0) == 0, user + " has a hash that is not bcrypt");
  }
  return 0;
}
