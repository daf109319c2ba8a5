// The HTTP ceiling of this machine: cpp-httplib with the exporter's socket and
// thread settings, answering "OK" to everything. Any ingest number is read as a
// fraction of what this server does on the same box in the same run.
#include <httplib.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace {

long FlagValue(int argc, char** argv, const char* name, long fallback) {
  const size_t len = std::strlen(name);
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], name, len) == 0 && argv[i][len] == '=') {
      return std::strtol(argv[i] + len + 1, nullptr, 10);
    }
  }
  return fallback;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || std::strcmp(argv[1], "--help") == 0) {
    std::fprintf(stderr,
                 "usage: trivial_server PORT [--threads=N] [--keep-alive-max=N]\n"
                 "       [--keep-alive-timeout=S] [--read-timeout=S] [--write-timeout=S]\n");
    return 2;
  }
  const int port = std::atoi(argv[1]);
  const long threads = FlagValue(argc, argv, "--threads", 64);
  const long keep_alive_max = FlagValue(argc, argv, "--keep-alive-max", 1000);
  const long keep_alive_timeout = FlagValue(argc, argv, "--keep-alive-timeout", 30);
  const long read_timeout = FlagValue(argc, argv, "--read-timeout", 10);
  const long write_timeout = FlagValue(argc, argv, "--write-timeout", 10);

  httplib::Server server;
  server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  server.set_tcp_nodelay(true);
  server.set_keep_alive_max_count(keep_alive_max);
  server.set_keep_alive_timeout(keep_alive_timeout);
  server.set_read_timeout(read_timeout, 0);
  server.set_write_timeout(write_timeout, 0);

  const auto ok = [](const httplib::Request&, httplib::Response& res) {
    res.set_content("OK", "text/plain");
  };
  server.Get(".*", ok);
  server.Post(".*", ok);
  server.Put(".*", ok);

  if (!server.listen("127.0.0.1", port)) {
    std::fprintf(stderr, "trivial_server: cannot listen on 127.0.0.1:%d\n", port);
    return 1;
  }
  return 0;
}
