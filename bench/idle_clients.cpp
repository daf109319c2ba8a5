// Holds connections open against a server, as ingress pools, service meshes and
// attackers do: N idle ones (connected, not a byte sent) and M slowloris ones
// (a request whose headers arrive one byte per second, never finished). A
// connection the server closes is opened again, so the counts hold for the
// whole run. Prints "open idle=... slow=... reopened=..." once all are open
// (run.sh waits for it) and again at the end.
//
//   idle_clients --port=P --idle=10000 --slow=1000 --duration=60
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

namespace {

int Connect(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

long Flag(int argc, char** argv, const char* name, long fallback) {
  const std::size_t length = std::strlen(name);
  for (int i = 1; i < argc; ++i)
    if (std::strncmp(argv[i], name, length) == 0 && argv[i][length] == '=')
      return std::atol(argv[i] + length + 1);
  return fallback;
}

struct Held {
  int fd = -1;
  bool slow = false;
};

}  // namespace

int main(int argc, char** argv) {
  const int port = static_cast<int>(Flag(argc, argv, "--port", 0));
  const long idle = Flag(argc, argv, "--idle", 10000);
  const long slow = Flag(argc, argv, "--slow", 1000);
  const long duration = Flag(argc, argv, "--duration", 60);
  if (port <= 0) {
    std::fprintf(stderr, "usage: idle_clients --port=P [--idle=N] [--slow=M] [--duration=S]\n");
    return 2;
  }
  rlimit limit{};
  getrlimit(RLIMIT_NOFILE, &limit);
  limit.rlim_cur = limit.rlim_max;
  setrlimit(RLIMIT_NOFILE, &limit);

  std::vector<Held> held(static_cast<std::size_t>(idle + slow));
  for (std::size_t i = 0; i < held.size(); ++i) held[i].slow = static_cast<long>(i) >= idle;
  long reopened = 0;
  const std::string slow_start = "GET / HTTP/1.1\r\nHost: bench\r\nX-Slow: ";
  const auto open = [&](Held& connection) {
    connection.fd = Connect(port);
    if (connection.fd >= 0 && connection.slow)
      ::send(connection.fd, slow_start.data(), slow_start.size(), MSG_NOSIGNAL);
  };
  for (Held& connection : held) open(connection);
  std::printf("open idle=%ld slow=%ld reopened=0\n", idle, slow);
  std::fflush(stdout);

  // One poll over every socket per second (a syscall per socket would take
  // the CPU the server is being measured with).
  std::vector<pollfd> watched(held.size());
  const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(duration);
  while (std::chrono::steady_clock::now() < end) {
    std::this_thread::sleep_for(std::chrono::seconds(1));
    for (std::size_t i = 0; i < held.size(); ++i) watched[i] = {held[i].fd, POLLIN, 0};
    ::poll(watched.data(), watched.size(), 0);
    for (std::size_t i = 0; i < held.size(); ++i) {
      Held& connection = held[i];
      // Readable means the server answered (a 408) or closed: open it again.
      const bool closed = connection.fd < 0 || (watched[i].revents & (POLLIN | POLLHUP | POLLERR));
      if (!closed &&
          (!connection.slow || ::send(connection.fd, "a", 1, MSG_NOSIGNAL | MSG_DONTWAIT) == 1))
        continue;
      if (connection.fd >= 0) ::close(connection.fd);
      open(connection);
      ++reopened;
    }
  }
  std::printf("open idle=%ld slow=%ld reopened=%ld\n", idle, slow, reopened);
  return 0;
}
