#include "heartbeat/core/application.h"

#include <algorithm>
#include <stdexcept>

#include "core/application_rules.h"
#include "heartbeat/core/duration.h"
#include "heartbeat/core/host_port.h"
#include "heartbeat/core/probe_rules.h"
#include "heartbeat/core/text.h"
#include "heartbeat/core/validation.h"

namespace heartbeat {
namespace {

bool IsAsciiAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

}  // namespace

// The writer's order, not the timestamps, says which completion came last: after
// a backward clock step a newer success carries an older time than the failure
// before it, and it still wins (docs/storage.md, clock steps).
std::optional<TimePoint> Application::last_checkin() const {
  if (last_completion_failed()) return last_failure;
  return last_success ? last_success : last_failure;
}

bool Application::last_completion_failed() const {
  return last_failure.has_value() && (last_completion_was_failure || !last_success);
}

const PingFilter& ApplicationSpec::ping_filter() const {
  static const PingFilter kDefault;
  return filter ? *filter : kDefault;
}

void ApplicationSpec::set_ping_filter(PingFilter value) {
  if (value.is_default()) {
    filter = std::nullopt;
  } else {
    filter = std::move(value);
  }
}

bool IsValidApplicationName(const std::string& name) {
  if (name.empty() || name.size() > 128 || !IsAsciiAlnum(name[0])) return false;
  for (char c : name) {
    if (!IsAsciiAlnum(c) && c != '.' && c != '_' && c != '-') return false;
  }
  return true;
}

namespace rules {

std::string CheckName(const std::string& name) {
  if (IsValidApplicationName(name)) return "";
  // Names arrive from the network: never echo more than a readable prefix.
  const std::string shown = name.size() > 64 ? name.substr(0, 64) + "..." : name;
  return "\"" + shown +
         "\" is not a valid application name (use 1 to 128 letters, digits, '.', '_' or '-', "
         "starting with a letter or digit)";
}

std::string CheckProbeUrl(const std::string& url) {
  const std::string quoted = "\"" + url + "\"";
  for (char c : url) {
    if (static_cast<unsigned char>(c) <= ' ' || c == 0x7f) {
      return quoted + " contains spaces or control characters";
    }
  }
  const size_t scheme_end = url.find("://");
  const std::string scheme =
      scheme_end == std::string::npos ? "" : ToLower(url.substr(0, scheme_end));
  if (scheme != "http" && scheme != "https" && scheme != "tcp") {
    return quoted + " must start with http://, https:// or tcp://";
  }
  const size_t authority_start = scheme_end + 3;
  const size_t authority_end = url.find_first_of("/?#", authority_start);
  std::string authority = url.substr(authority_start, authority_end == std::string::npos
                                                          ? std::string::npos
                                                          : authority_end - authority_start);
  if (scheme != "tcp") {
    const size_t at = authority.rfind('@');
    if (at != std::string::npos) authority = authority.substr(at + 1);
  }
  const std::optional<HostPort> split = SplitHostPort(authority);
  const bool shaped = split && !split->host.empty();
  const bool has_port = split && split->has_port;
  if (scheme == "tcp") {
    if (!shaped || !has_port || authority_end != std::string::npos) {
      return quoted + " must be tcp://host:port, as in tcp://db.internal:5432";
    }
  } else if (!shaped) {
    return quoted + " has no host (write it as " + scheme + "://host[:port]/path)";
  }
  if (has_port && !ParsePort(split->port)) {
    return quoted + " has port \"" + split->port + "\", which is not a number from 1 to 65535";
  }
  return "";
}

std::string CheckProbeInterval(Seconds interval) {
  if (interval < kMinProbeInterval || interval > kMaxProbeInterval) {
    return FormatDuration(interval) + " must be from " + FormatDuration(kMinProbeInterval) +
           " to " + FormatDuration(kMaxProbeInterval);
  }
  return "";
}

std::string CheckProbeTimeout(Seconds timeout, Seconds interval) {
  if (timeout < kMinProbeTimeout || timeout > kMaxProbeTimeout) {
    return FormatDuration(timeout) + " must be from " + FormatDuration(kMinProbeTimeout) + " to " +
           FormatDuration(kMaxProbeTimeout);
  }
  if (timeout >= interval) {
    return FormatDuration(timeout) + " must be shorter than the probe interval (" +
           FormatDuration(interval) + ")";
  }
  return "";
}

std::string CheckProbeThreshold(int threshold) {
  if (threshold < kMinProbeThreshold || threshold > kMaxProbeThreshold) {
    return std::to_string(threshold) + " must be a whole number from " +
           std::to_string(kMinProbeThreshold) + " to " + std::to_string(kMaxProbeThreshold);
  }
  return "";
}

}  // namespace rules

std::string ValidateSpec(const ApplicationSpec& spec) {
  if (std::string why = rules::CheckName(spec.name); !why.empty()) return why;
  if (std::string why = CheckTeam(spec.team); !why.empty()) return "team " + why;
  if (std::string why = CheckDuration(spec.interval); !why.empty()) return "interval " + why;
  if (std::string why = CheckDuration(spec.grace); !why.empty()) return "grace " + why;
  if (spec.schedule.empty()) {
    if (!spec.timezone.empty() && spec.timezone != "UTC") {
      return "timezone \"" + spec.timezone +
             "\" needs a schedule: it only says in which zone to read a cron schedule";
    }
  } else {
    if (spec.interval > Seconds(0)) {
      return "interval and schedule cannot both be set (use an interval for \"every N\", a "
             "schedule for cron times)";
    }
    try {
      Schedule::Parse(spec.schedule, spec.timezone);
    } catch (const std::invalid_argument& e) {
      return e.what();
    }
  }
  if (std::string why = CheckPingFilter(spec.ping_filter()); !why.empty()) return why;
  if (std::string why = CheckLabels(spec.labels); !why.empty()) return why;
  const bool has_deadline = spec.interval.count() > 0 || !spec.schedule.empty();
  if (std::string why = CheckRunWindows(spec.windows, spec.grace, has_deadline); !why.empty()) {
    return why;
  }
  if (spec.probe) {
    if (std::string why = ValidateProbe(*spec.probe); !why.empty()) return why;
  }
  return "";
}

}  // namespace heartbeat
