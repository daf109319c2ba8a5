#include "ctl/child_process.h"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <stdexcept>

extern char** environ;

namespace heartbeat::ctl {
namespace {

constexpr std::array<int, 3> kForwardedSignals = {SIGTERM, SIGINT, SIGHUP};

// Read by the signal handler; lock-free atomics are async-signal-safe.
std::atomic<pid_t> g_child_pid{0};
std::atomic<int> g_pending_signal{0};

void ForwardSignal(int signo, siginfo_t* info, void*) {
  // A signal the terminal sent (Ctrl-C, hangup) went to the whole foreground
  // process group, the command included; sending it again would deliver it twice.
  if (info != nullptr && info->si_code == SI_KERNEL) return;
  const pid_t pid = g_child_pid.load();
  if (pid > 0) {
    kill(pid, signo);
  } else {
    g_pending_signal.store(signo);
  }
}

// Installs the forwarding handlers for the lifetime of one RunChild call.
class SignalForwarding {
 public:
  SignalForwarding() {
    struct sigaction action {};
    action.sa_sigaction = ForwardSignal;
    action.sa_flags = SA_SIGINFO | SA_RESTART;
    sigemptyset(&action.sa_mask);
    for (std::size_t i = 0; i < kForwardedSignals.size(); ++i) {
      sigaction(kForwardedSignals[i], &action, &previous_[i]);
    }
    // Our stdout may be a closed pipe (`heartbeatctl exec ... | head`); the job must go on.
    struct sigaction ignore {};
    ignore.sa_handler = SIG_IGN;
    sigemptyset(&ignore.sa_mask);
    sigaction(SIGPIPE, &ignore, &previous_pipe_);
  }
  ~SignalForwarding() {
    for (std::size_t i = 0; i < kForwardedSignals.size(); ++i) {
      sigaction(kForwardedSignals[i], &previous_[i], nullptr);
    }
    sigaction(SIGPIPE, &previous_pipe_, nullptr);
    g_child_pid.store(0);
    g_pending_signal.store(0);
  }
  SignalForwarding(const SignalForwarding&) = delete;
  SignalForwarding& operator=(const SignalForwarding&) = delete;

 private:
  std::array<struct sigaction, kForwardedSignals.size()> previous_{};
  struct sigaction previous_pipe_ {};
};

struct Pipe {
  int read_end = -1;
  int write_end = -1;
  Pipe() {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) {
      throw std::runtime_error(std::string("cannot create a pipe: ") + std::strerror(errno));
    }
    read_end = fds[0];
    write_end = fds[1];
  }
  ~Pipe() {
    CloseRead();
    CloseWrite();
  }
  void CloseRead() {
    if (read_end >= 0) close(read_end);
    read_end = -1;
  }
  void CloseWrite() {
    if (write_end >= 0) close(write_end);
    write_end = -1;
  }
  Pipe(const Pipe&) = delete;
  Pipe& operator=(const Pipe&) = delete;
};

// Copies one command output stream to our own stream of the same kind.
struct Stream {
  Pipe pipe;
  int destination;
  bool destination_broken = false;
};

void WriteAll(Stream& stream, const char* data, std::size_t size) {
  while (size > 0 && !stream.destination_broken) {
    const ssize_t written = write(stream.destination, data, size);
    if (written < 0) {
      if (errno == EINTR) continue;
      stream.destination_broken = true;  // keep draining the pipe so the job never blocks
      return;
    }
    data += written;
    size -= static_cast<std::size_t>(written);
  }
}

// Reads what is available; returns false once the pipe reached end of file.
bool Drain(Stream& stream, TailBuffer& tail) {
  std::array<char, 65536> buffer;
  while (true) {
    const ssize_t got = read(stream.pipe.read_end, buffer.data(), buffer.size());
    if (got > 0) {
      WriteAll(stream, buffer.data(), static_cast<std::size_t>(got));
      tail.Append(std::string_view(buffer.data(), static_cast<std::size_t>(got)));
      continue;
    }
    if (got < 0 && errno == EINTR) continue;
    if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return true;
    stream.pipe.CloseRead();
    return false;
  }
}

ChildOutcome OutcomeOf(int wait_status) {
  ChildOutcome outcome;
  if (WIFSIGNALED(wait_status)) {
    outcome.term_signal = WTERMSIG(wait_status);
    outcome.exit_status = 128 + outcome.term_signal;
  } else if (WIFEXITED(wait_status)) {
    outcome.exit_status = WEXITSTATUS(wait_status);
  }
  return outcome;
}

}  // namespace

ChildOutcome RunChild(const std::vector<std::string>& argv, TailBuffer& tail,
                      const std::function<void()>& on_forwarding) {
  if (argv.empty()) throw std::invalid_argument("no command to run");
  SignalForwarding forwarding;
  if (on_forwarding) on_forwarding();
  Stream out{{}, STDOUT_FILENO};
  Stream err{{}, STDERR_FILENO};

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out.pipe.write_end, STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err.pipe.write_end, STDERR_FILENO);
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  sigset_t defaults;
  sigemptyset(&defaults);
  for (int signo : kForwardedSignals) sigaddset(&defaults, signo);
  sigaddset(&defaults, SIGPIPE);
  sigset_t no_mask;
  sigemptyset(&no_mask);
  posix_spawnattr_setsigdefault(&attributes, &defaults);
  posix_spawnattr_setsigmask(&attributes, &no_mask);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);

  std::vector<char*> c_argv;
  for (const auto& arg : argv) c_argv.push_back(const_cast<char*>(arg.c_str()));
  c_argv.push_back(nullptr);

  // posix_spawnp rather than fork: the start ping runs on another thread, and
  // it reports a failed exec (command not found) as a return value.
  pid_t pid = 0;
  const int spawn_error =
      posix_spawnp(&pid, c_argv[0], &actions, &attributes, c_argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  if (spawn_error != 0) {
    ChildOutcome outcome;
    outcome.exit_status = spawn_error == ENOENT ? 127 : 126;
    outcome.start_error =
        "heartbeatctl: cannot run '" + argv[0] + "': " + std::strerror(spawn_error) + "\n";
    tail.Append(outcome.start_error);
    return outcome;
  }
  g_child_pid.store(pid);
  if (const int pending = g_pending_signal.exchange(0); pending != 0) kill(pid, pending);

  out.pipe.CloseWrite();
  err.pipe.CloseWrite();
  fcntl(out.pipe.read_end, F_SETFL, O_NONBLOCK);
  fcntl(err.pipe.read_end, F_SETFL, O_NONBLOCK);

  int wait_status = 0;
  bool exited = false;
  while (!exited) {
    std::array<pollfd, 2> fds{{{out.pipe.read_end, POLLIN, 0}, {err.pipe.read_end, POLLIN, 0}}};
    const bool any_open = out.pipe.read_end >= 0 || err.pipe.read_end >= 0;
    // With both pipes closed only the exit is left to wait for; otherwise wake
    // now and then, since a background process may hold the pipes open forever.
    if (any_open) {
      const int ready = poll(fds.data(), fds.size(), 200);
      if (ready > 0) {
        if (fds[0].revents != 0) Drain(out, tail);
        if (fds[1].revents != 0) Drain(err, tail);
      }
    }
    const pid_t waited = waitpid(pid, &wait_status, any_open ? WNOHANG : 0);
    if (waited == pid) exited = true;
    if (waited < 0 && errno != EINTR) break;
  }
  // Whatever the command wrote before exiting is in the pipes now.
  if (out.pipe.read_end >= 0) Drain(out, tail);
  if (err.pipe.read_end >= 0) Drain(err, tail);
  return OutcomeOf(wait_status);
}

}  // namespace heartbeat::ctl
