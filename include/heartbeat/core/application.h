#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "heartbeat/core/clock.h"
#include "heartbeat/core/job_metrics.h"
#include "heartbeat/core/labels.h"
#include "heartbeat/core/ping_filter.h"
#include "heartbeat/core/run_windows.h"
#include "heartbeat/core/schedule.h"
#include "heartbeat/core/shared_optional.h"
#include "heartbeat/core/token.h"

namespace heartbeat {

// An active check's settings (docs/reference.md §6.3). The ranges and defaults
// are Healthchecker.Server's (ELB-style); src/probe polls the target.
struct ProbeSpec {
  std::string url;  // http://, https:// or tcp://host:port
  Seconds interval{30};
  Seconds timeout{5};
  int healthy_threshold = 10;
  int unhealthy_threshold = 2;
  // HTTP(S) only: the request and the answer that counts as healthy.
  std::string method = "GET";
  std::vector<std::pair<std::string, std::string>> headers;
  int expected_status = 200;
  // HTTPS only: the CA bundle to verify with (empty: the system's), no verification at all,
  // and the name sent as SNI and verified (empty: the URL's host).
  std::string ca_file;
  bool insecure_skip_verify = false;
  std::string server_name;
  // Who to tell (Healthchecker.Server's registration e-mail); a label for Alertmanager.
  std::string email;
  // Registered through /healthchecker/monitor: only such probes can be stopped,
  // paused or resumed by the /healthchecker/ endpoints.
  bool healthchecker = false;

  bool operator==(const ProbeSpec& other) const {
    return url == other.url && interval == other.interval && timeout == other.timeout &&
           healthy_threshold == other.healthy_threshold &&
           unhealthy_threshold == other.unhealthy_threshold && method == other.method &&
           headers == other.headers && expected_status == other.expected_status &&
           ca_file == other.ca_file && insecure_skip_verify == other.insecure_skip_verify &&
           server_name == other.server_name && email == other.email &&
           healthchecker == other.healthchecker;
  }
};

// What an operator declares about an application (API body or config file entry).
struct ApplicationSpec {
  std::string name;
  std::string team;
  Seconds interval{0};   // 0 with an empty schedule: no deadline, state only
  std::string schedule;  // cron or OnCalendar, several joined by "; "; empty for intervals
  std::string timezone = "UTC";
  Seconds grace{0};
  bool manual_resume = false;
  SharedOptional<ProbeSpec> probe;  // on the heap: most applications are pushed, not probed
  // Keywords and methods: how a ping's body and method are read. On the heap too,
  // and absent for the default filter: read and set it through the two functions below.
  SharedOptional<PingFilter> filter;
  Labels labels;       // custom labels on heartbeat_application_info (core/labels.h)
  RunWindows windows;  // start window, run-time limits (core/run_windows.h)

  // The filter, or the default one (no keywords, every method) when none is set.
  const PingFilter& ping_filter() const;
  // Stores a default filter as none, so that most applications hold no filter at all.
  void set_ping_filter(PingFilter value);

  bool operator==(const ApplicationSpec& other) const {
    return name == other.name && team == other.team && interval == other.interval &&
           schedule == other.schedule && timezone == other.timezone && grace == other.grace &&
           manual_resume == other.manual_resume && probe == other.probe &&
           ping_filter() == other.ping_filter() && labels == other.labels &&
           windows == other.windows;
  }
};

// A run that started and has not completed yet; rid is empty for runs started without one.
struct OpenRun {
  std::string rid;
  TimePoint started_at;
};

// The committed record of one application: its spec plus every fact the state
// function and the metrics need. Copied into snapshots, so it stays a value type.
struct Application {
  long long id = 0;
  ApplicationSpec spec;
  std::shared_ptr<const Schedule> schedule;  // compiled spec.schedule, null for interval apps
  TokenHash token_hash{};                    // SHA-256 of the token, never the token
  bool paused = false;
  bool declared = false;  // from the config file: read-only in the management API
  TimePoint created_at{};
  std::optional<TimePoint> last_success;
  std::optional<TimePoint> last_failure;
  std::optional<TimePoint> last_start;
  std::optional<double> last_duration_seconds;
  bool last_completion_was_failure = false;  // the last completion, in the writer's order, failed
  long long signals_total = 0;               // completions (ok + fail)
  long long failures_total = 0;              // fail completions
  std::vector<OpenRun> open_runs;
  // The job's own numbers from its last successful completion that carried
  // some (issue 16); null when none. Shared: records are copied on every write.
  std::shared_ptr<const JobMetrics> job_metrics;

  // The time of the last completion (ok or fail) in the order the writer applied them.
  std::optional<TimePoint> last_checkin() const;
  bool last_completion_failed() const;
  const char* kind() const { return spec.probe ? "probe" : "push"; }
};

// ^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$ without std::regex on the request path.
bool IsValidApplicationName(const std::string& name);

// Checks a spec for contradictions (interval and schedule, bad schedule or zone,
// negative durations). Returns an empty string when valid, otherwise a sentence.
std::string ValidateSpec(const ApplicationSpec& spec);

}  // namespace heartbeat
