#include "ctl/exec.h"

#include <future>

#include "ctl/child_process.h"
#include "heartbeat/core/tail_buffer.h"
#include "heartbeat/core/uuid.h"

namespace heartbeat::ctl {

int RunWithPings(const ExecOptions& options, const WarningSink& warn) {
  const Pinger pinger(options.ping_url, options.ping);
  const std::string rid = NewUuidV4();
  const std::string where = options.ping_url.Origin();

  // Started once a SIGTERM would be forwarded to the job, not before: whoever
  // watches the pings may stop the job as soon as it is seen running.
  std::future<void> start_ping;
  const auto send_start = [&] {
    start_ping = std::async(std::launch::async, [&] {
      const std::string reason = pinger.Send("start", rid, "");
      if (!reason.empty()) {
        warn("heartbeatctl: warning: start ping to " + where + " failed: " + reason +
             "; running the job anyway");
      }
    });
  };

  TailBuffer tail;
  ChildOutcome outcome;
  try {
    outcome = RunChild(options.command, tail, send_start);
  } catch (const std::exception& error) {
    // No pipe or process could be made: report it like a command that could not run.
    outcome.exit_status = 126;
    outcome.start_error = std::string("heartbeatctl: ") + error.what() + "\n";
    tail.Append(outcome.start_error);
  }
  if (!outcome.start_error.empty()) {
    warn(outcome.start_error.substr(0, outcome.start_error.size() - 1));
  }
  if (!start_ping.valid()) send_start();

  // The completion must not overtake the start, or the server could not pair them.
  start_ping.wait();
  const std::string reason = pinger.Send(std::to_string(outcome.exit_status), rid, tail.Contents());
  if (!reason.empty()) {
    warn("heartbeatctl: warning: completion ping (exit status " +
         std::to_string(outcome.exit_status) + ") to " + where + " failed: " + reason);
  }
  return outcome.exit_status;
}

}  // namespace heartbeat::ctl
