#include "heartbeat/core/application.h"

#include <algorithm>
#include <stdexcept>

#include "core/application_rules.h"
#include "heartbeat/core/duration.h"

namespace heartbeat {
namespace {

bool IsAsciiAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

std::string Lower(std::string text) {
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return text;
}

bool IsPort(const std::string& text) {
  if (text.empty() || text.size() > 5) return false;
  int port = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    port = port * 10 + (c - '0');
  }
  return port >= 1 && port <= 65535;
}

// Splits "host:port" or "[v6]:port"; the port is empty when there is none.
// Returns false when the shape is wrong (an unclosed bracket, an empty host).
bool SplitHostPort(const std::string& authority, std::string& host, std::string& port,
                   bool& has_port) {
  size_t host_end = 0;
  if (!authority.empty() && authority[0] == '[') {
    host_end = authority.find(']');
    if (host_end == std::string::npos) return false;
    host = authority.substr(1, host_end - 1);
    ++host_end;
  } else {
    host_end = authority.find(':');
    if (host_end == std::string::npos) host_end = authority.size();
    host = authority.substr(0, host_end);
  }
  has_port = host_end < authority.size();
  if (has_port && authority[host_end] != ':') return false;
  port = has_port ? authority.substr(host_end + 1) : "";
  return !host.empty();
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
      scheme_end == std::string::npos ? "" : Lower(url.substr(0, scheme_end));
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
  std::string host, port;
  bool has_port = false;
  const bool shaped = SplitHostPort(authority, host, port, has_port);
  if (scheme == "tcp") {
    if (!shaped || !has_port || authority_end != std::string::npos) {
      return quoted + " must be tcp://host:port, as in tcp://db.internal:5432";
    }
  } else if (!shaped) {
    return quoted + " has no host (write it as " + scheme + "://host[:port]/path)";
  }
  if (has_port && !IsPort(port)) {
    return quoted + " has port \"" + port + "\", which is not a number from 1 to 65535";
  }
  return "";
}

std::string CheckProbeInterval(Seconds interval) {
  if (interval < Seconds(1)) return "must be at least 1s";
  return "";
}

std::string CheckProbeTimeout(Seconds timeout, Seconds interval) {
  if (timeout < Seconds(1)) return "must be at least 1s";
  if (timeout >= interval) {
    return FormatDuration(timeout) + " must be shorter than the probe interval (" +
           FormatDuration(interval) + ")";
  }
  return "";
}

std::string CheckThreshold(int threshold) {
  if (threshold < 1 || threshold > kMaxThreshold) {
    return std::to_string(threshold) + " must be a whole number from 1 to " +
           std::to_string(kMaxThreshold);
  }
  return "";
}

}  // namespace rules

std::string ValidateSpec(const ApplicationSpec& spec) {
  if (std::string why = rules::CheckName(spec.name); !why.empty()) return why;
  if (spec.interval < Seconds(0)) return "interval must not be negative";
  if (spec.grace < Seconds(0)) return "grace must not be negative";
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
  if (spec.probe) {
    const ProbeSpec& probe = *spec.probe;
    if (std::string why = rules::CheckProbeUrl(probe.url); !why.empty()) return "probe url " + why;
    if (std::string why = rules::CheckProbeInterval(probe.interval); !why.empty()) {
      return "probe interval " + why;
    }
    if (std::string why = rules::CheckProbeTimeout(probe.timeout, probe.interval); !why.empty()) {
      return "probe timeout " + why;
    }
    if (std::string why = rules::CheckThreshold(probe.healthy_threshold); !why.empty()) {
      return "probe healthy_threshold " + why;
    }
    if (std::string why = rules::CheckThreshold(probe.unhealthy_threshold); !why.empty()) {
      return "probe unhealthy_threshold " + why;
    }
  }
  return "";
}

}  // namespace heartbeat
