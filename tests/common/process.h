#pragma once

// Runs a program the way an operator would, for process-level tests: output
// captured to files (no pipe can fill up and stall it), environment extended,
// every wait bounded so a hung child fails the test instead of hanging it.

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace heartbeat::ctl::testing {

struct ProcessResult {
  int exit_code = -1;  // 128 + signal when killed, -1 when it had to be killed after the deadline
  std::string out;
  std::string err;
};

inline std::string ReadWholeFile(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream content;
  content << file.rdbuf();
  return content.str();
}

// A scratch directory removed with its contents when the test ends.
class TempDir {
 public:
  TempDir() {
    char pattern[] = "/tmp/heartbeatctl_test.XXXXXX";
    if (mkdtemp(pattern) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

class Process {
 public:
  // `env` entries are added to (or replace) this process's environment; a
  // value of "\x01unset" removes the variable.
  Process(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env = {})
      : out_path_(dir_.path() / "stdout"), err_path_(dir_.path() / "stderr") {
    std::map<std::string, std::string> merged;
    for (char** entry = environ; *entry != nullptr; ++entry) {
      const std::string text = *entry;
      const auto equals = text.find('=');
      if (equals != std::string::npos) merged[text.substr(0, equals)] = text.substr(equals + 1);
    }
    for (const auto& [key, value] : env) {
      if (value == "\x01unset") {
        merged.erase(key);
      } else {
        merged[key] = value;
      }
    }
    std::vector<std::string> env_strings;
    for (const auto& [key, value] : merged) env_strings.push_back(key + "=" + value);
    std::vector<char*> c_env;
    for (auto& entry : env_strings) c_env.push_back(entry.data());
    c_env.push_back(nullptr);
    std::vector<std::string> args = argv;
    std::vector<char*> c_argv;
    for (auto& arg : args) c_argv.push_back(arg.data());
    c_argv.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out_path_.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_path_.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int error =
        posix_spawnp(&pid_, c_argv[0], &actions, nullptr, c_argv.data(), c_env.data());
    posix_spawn_file_actions_destroy(&actions);
    if (error != 0) throw std::runtime_error("cannot start " + argv[0]);
  }
  ~Process() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
  }
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  pid_t pid() const { return pid_; }
  void Signal(int signo) const { kill(pid_, signo); }
  std::string out() const { return ReadWholeFile(out_path_); }
  std::string err() const { return ReadWholeFile(err_path_); }

  // Waits up to `deadline` for the exit; past it, kills the process and reports -1.
  ProcessResult Wait(std::chrono::seconds deadline = std::chrono::seconds(120)) {
    ProcessResult result;
    const auto give_up = std::chrono::steady_clock::now() + deadline;
    int status = 0;
    while (true) {
      const pid_t waited = waitpid(pid_, &status, WNOHANG);
      if (waited == pid_) {
        result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        break;
      }
      if (std::chrono::steady_clock::now() > give_up) {
        kill(pid_, SIGKILL);
        waitpid(pid_, nullptr, 0);
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    pid_ = -1;
    result.out = out();
    result.err = err();
    return result;
  }

 private:
  TempDir dir_;
  std::filesystem::path out_path_;
  std::filesystem::path err_path_;
  pid_t pid_ = -1;
};

inline ProcessResult RunProcess(const std::vector<std::string>& argv,
                                const std::map<std::string, std::string>& env = {}) {
  Process process(argv, env);
  return process.Wait();
}

// Polls `condition` until it holds or `deadline` passes; returns whether it held.
template <typename Condition>
bool WaitFor(Condition condition, std::chrono::seconds deadline = std::chrono::seconds(60)) {
  const auto give_up = std::chrono::steady_clock::now() + deadline;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > give_up) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

// A port the kernel just handed out and nobody holds, for a server started as a
// process (a fixed port could collide with another test run).
inline int FreePort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address));
  socklen_t length = sizeof(address);
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  close(fd);
  return ntohs(address.sin_port);
}

}  // namespace heartbeat::ctl::testing
