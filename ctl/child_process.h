#pragma once

#include <functional>
#include <string>
#include <vector>

#include "heartbeat/core/tail_buffer.h"

namespace heartbeat::ctl {

struct ChildOutcome {
  // What a shell would report: the exit code, 128 + signal number when killed by
  // a signal, 127 when the command was not found, 126 when it could not be run.
  int exit_status = 0;
  int term_signal = 0;      // the signal that killed the command, 0 if it exited
  std::string start_error;  // why the command could not be started; empty if it ran
};

// Runs `argv` (argv[0] searched in PATH) and waits for it. Its stdout and stderr
// are passed through to ours unchanged, and both are appended to `tail` in the
// order they arrive. SIGTERM, SIGINT and SIGHUP sent to this process are passed
// on to the command, so stopping the wrapper stops the job and the wrapper still
// reports how the job ended. Output of processes the command left running in the
// background is read only until the command itself exits.
// `on_forwarding` runs once the signal handlers are in place, just before the
// command is started: a signal sent after it is never lost.
ChildOutcome RunChild(const std::vector<std::string>& argv, TailBuffer& tail,
                      const std::function<void()>& on_forwarding = {});

}  // namespace heartbeat::ctl
