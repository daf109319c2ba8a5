#include "ctl/format.h"

#include <date/date.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <optional>
#include <sstream>
#include <vector>

#include "heartbeat/core/duration.h"
#include "heartbeat/core/timestamp.h"

namespace heartbeat::ctl {
namespace {

using Row = std::vector<std::string>;

std::optional<TimePoint> ToTimePoint(const nlohmann::json& value) {
  if (value.is_number()) {
    return FromMillis(std::llround(value.get<double>() * 1000.0));
  }
  if (!value.is_string()) return std::nullopt;
  return ParseTimestamp(value.get_ref<const std::string&>());
}

std::string Text(const nlohmann::json& value, const std::string& missing = "-") {
  if (value.is_null()) return missing;
  if (value.is_string()) {
    const auto& text = value.get_ref<const std::string&>();
    return text.empty() ? missing : SafeText(text);
  }
  return value.dump();
}

// {"env":"prod","owner":"db"} as `env=prod, owner=db`; `-` when empty.
std::string PairsText(const nlohmann::json& object) {
  std::string text;
  for (const auto& [name, value] : object.items()) {
    text += (text.empty() ? "" : ", ") + SafeText(name) + "=" + Text(value, "");
  }
  return text.empty() ? "-" : text;
}

std::string Field(const nlohmann::json& object, const char* key, const std::string& missing = "-") {
  if (!object.is_object() || !object.contains(key)) return missing;
  return Text(object[key], missing);
}

// A list of strings as `"a", "b"`: quoted, since keywords may hold spaces.
std::string ListText(const nlohmann::json& values) {
  std::string out;
  for (const auto& value : values) out += (out.empty() ? "" : ", ") + value.dump();
  return out.empty() ? "-" : out;
}

// Seconds as "3600 (1h)" so both the exact value and its meaning show.
std::string SecondsText(const nlohmann::json& value) {
  if (!value.is_number()) return Text(value);
  const auto seconds = value.get<double>();
  std::string exact = value.dump() + "s";
  if (seconds < 60 || std::floor(seconds) != seconds) return exact;
  return FormatDuration(heartbeat::Seconds(static_cast<long long>(seconds))) + " (" + exact + ")";
}

std::string Table(const std::vector<Row>& rows) {
  std::vector<std::size_t> widths;
  for (const auto& row : rows) {
    widths.resize(std::max(widths.size(), row.size()), 0);
    for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], row[i].size());
  }
  std::string out;
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line += std::string(widths[i] - row[i].size() + 2, ' ');
    }
    out += line + "\n";
  }
  return out;
}

}  // namespace

std::string FormatTime(const nlohmann::json& value, TimePoint now, const std::string& missing) {
  if (value.is_null()) return missing;
  const auto when = ToTimePoint(value);
  if (!when) return Text(value, missing);
  const auto whole_seconds = std::chrono::floor<std::chrono::seconds>(*when);
  std::string out = date::format("%F %TZ", date::sys_seconds(whole_seconds.time_since_epoch()));
  const auto delta = std::chrono::duration_cast<std::chrono::seconds>(now - *when);
  if (delta.count() >= 1) {
    out += " (" + FormatDuration(delta) + " ago)";
  } else if (delta.count() <= -1) {
    out += " (in " + FormatDuration(-delta) + ")";
  } else {
    out += " (now)";
  }
  return out;
}

std::string FormatApplicationTable(const nlohmann::json& applications, TimePoint now) {
  std::vector<Row> rows = {{"NAME", "TEAM", "STATE", "LAST CHECK-IN", "DEADLINE"}};
  if (applications.is_array()) {
    for (const auto& application : applications) {
      rows.push_back({Field(application, "application"), Field(application, "team"),
                      Field(application, "state"),
                      FormatTime(application.value("check_in", nlohmann::json()), now, "never"),
                      FormatTime(application.value("deadline", nlohmann::json()), now, "-")});
    }
  }
  return Table(rows);
}

namespace {

// The fields of a check object in the order `app show` prints them: the known
// ones first, then the rest as the server sent them.
std::vector<std::string> DetailKeys(const nlohmann::json& application) {
  static const std::vector<std::string> kOrder = {"application",
                                                  "team",
                                                  "state",
                                                  "reason",
                                                  "labels",
                                                  "paused",
                                                  "interval",
                                                  "schedule",
                                                  "timezone",
                                                  "grace",
                                                  "manual_resume",
                                                  "check_in",
                                                  "deadline",
                                                  "last_success",
                                                  "last_failure",
                                                  "last_start",
                                                  "last_duration_seconds",
                                                  "last_signal_ok",
                                                  "last_signal_recent",
                                                  "signals_total",
                                                  "failures_total",
                                                  "created_at"};
  // The ping filter's fields and the run windows are shown only when set: most have none.
  static const std::vector<std::string> kWhenSet = {
      "success_keywords", "failure_keywords", "start_keywords", "fail_when_no_keyword_matches",
      "methods",          "start_window",     "max_runtime",    "min_runtime"};
  const auto is_unset = [&](const std::string& key) {
    const auto& value = application[key];
    return std::find(kWhenSet.begin(), kWhenSet.end(), key) != kWhenSet.end() &&
           (value.empty() || value == false || value == "" || value == 0);
  };
  std::vector<std::string> keys;
  for (const auto& key : kOrder) {
    if (application.contains(key)) keys.push_back(key);
  }
  for (const auto& item : application.items()) {
    if (std::find(kOrder.begin(), kOrder.end(), item.key()) == kOrder.end() &&
        !is_unset(item.key())) {
      keys.push_back(item.key());
    }
  }
  return keys;
}

}  // namespace

std::string FormatApplicationDetails(const nlohmann::json& application, TimePoint now) {
  static const std::vector<std::string> kTimes = {"check_in",     "deadline",   "last_success",
                                                  "last_failure", "last_start", "created_at"};
  const std::vector<std::string> keys = DetailKeys(application);
  std::size_t width = 0;
  for (const auto& key : keys) width = std::max(width, key.size());
  std::string out;
  for (const auto& key : keys) {
    const auto& value = application[key];
    std::string shown;
    if (std::find(kTimes.begin(), kTimes.end(), key) != kTimes.end()) {
      shown = FormatTime(value, now, key == "check_in" ? "never" : "-");
    } else if (key == "interval" || key == "grace" || key == "start_window" ||
               key == "max_runtime" || key == "min_runtime") {
      shown = SecondsText(value);
    } else if (value.is_object()) {
      shown = PairsText(value);
    } else if (value.is_array()) {
      shown = ListText(value);
    } else {
      shown = Text(value);
    }
    out += key + ":" + std::string(width - key.size() + 1, ' ') + shown + "\n";
  }
  return out;
}

std::string FormatSignalTable(const nlohmann::json& signals) {
  std::vector<Row> rows = {
      {"ID", "TIME", "KIND", "EXIT", "RID", "DURATION", "BODY", "FROM", "USER AGENT"}};
  if (signals.is_array()) {
    for (const auto& signal : signals) {
      std::string duration = "-";
      if (signal.contains("duration_seconds") && signal["duration_seconds"].is_number()) {
        std::ostringstream text;
        text.precision(3);
        text << std::fixed << signal["duration_seconds"].get<double>() << "s";
        duration = text.str();
      }
      rows.push_back({Field(signal, "id"), Field(signal, "time"), Field(signal, "kind"),
                      Field(signal, "exit_status"), Field(signal, "rid"), duration,
                      Field(signal, "body_size") + (signal.contains("body_size") ? " B" : ""),
                      Field(signal, "remote_address"), Field(signal, "user_agent")});
    }
  }
  return Table(rows);
}

std::string FormatFlipTable(const nlohmann::json& answer) {
  std::string out;
  if (answer.contains("uptime") && answer["uptime"].is_object()) {
    out += "Uptime:";
    for (const char* window : {"1d", "7d", "30d"}) {
      const auto& value = answer["uptime"].value(window, nlohmann::json());
      std::ostringstream text;
      if (value.is_number()) {
        text.precision(3);
        text << std::fixed << value.get<double>() * 100 << "%";
      } else {
        text << "-";
      }
      out += std::string(" ") + window + " " + text.str();
    }
    out += "\n";
  }
  std::vector<Row> rows = {{"TIME", "FROM", "TO", "REASON"}};
  if (answer.contains("flips") && answer["flips"].is_array()) {
    for (const auto& flip : answer["flips"]) {
      rows.push_back(
          {Field(flip, "time"), Field(flip, "from"), Field(flip, "to"), Field(flip, "reason")});
    }
  }
  return out + Table(rows);
}

std::string FormatSignalInstructions(const std::string& name, const nlohmann::json& answer,
                                     const HttpUrl& server) {
  const std::string token = Field(answer, "token", "");
  std::string base = server.Origin() + server.path;
  while (!base.empty() && base.back() == '/') base.pop_back();
  std::string ping_url = Field(answer, "ping_url", "");
  if (ping_url.empty()) ping_url = base + "/ping/" + PercentEncode(token);
  std::string signal_url = Field(answer, "signal_url", "");
  if (signal_url.empty()) signal_url = base + "/signal";

  std::string out;
  out += "Ping URL:   " + ping_url + "\n";
  out += "Signal URL: " + signal_url + "\n";
  out += "Signal it with any of:\n";
  out += "  curl -fsS -m 10 --retry 3 -o /dev/null " + ShellQuote(ping_url) + "\n";
  out += "  curl -fsS -m 10 --retry 3 -o /dev/null --data-urlencode " +
         ShellQuote("application=" + name) + " --data-urlencode " + ShellQuote("token=" + token) +
         " -d status=ok " + ShellQuote(signal_url) + "\n";
  out += "  heartbeatctl exec --ping-url " + ShellQuote(ping_url) + " -- COMMAND [ARGS...]\n";
  out += "The token is shown only now; the server keeps only its hash.\n";
  return out;
}

namespace {

// What a key's auto-provisioning gives a new application, or "off".
std::string ProvisioningText(const nlohmann::json& key) {
  if (!key.is_object() || !key.value("auto_provision", false)) return "off";
  const nlohmann::json none;
  std::string text =
      key.value("schedule", none).is_string()
          ? "schedule " + Field(key, "schedule") + " (" + Field(key, "timezone") + ")"
          : "interval " + SecondsText(key.value("interval", none));
  return text + ", grace " + SecondsText(key.value("grace", none));
}

}  // namespace

std::string FormatPingKeyTable(const nlohmann::json& keys, TimePoint now) {
  std::vector<Row> rows = {{"ID", "TEAM", "AUTO-PROVISION", "CREATED"}};
  if (keys.is_array()) {
    for (const auto& key : keys) {
      rows.push_back({Field(key, "id"), Field(key, "team"), ProvisioningText(key),
                      FormatTime(key.value("created_at", nlohmann::json()), now, "-")});
    }
  }
  return Table(rows);
}

std::string FormatBadgeKeyTable(const nlohmann::json& keys, TimePoint now) {
  std::vector<Row> rows = {{"ID", "TEAM", "CREATED"}};
  if (keys.is_array()) {
    for (const auto& key : keys) {
      rows.push_back({Field(key, "id"), Field(key, "team"),
                      FormatTime(key.value("created_at", nlohmann::json()), now, "-")});
    }
  }
  return Table(rows);
}

std::string FormatPingKeyInstructions(const nlohmann::json& answer) {
  std::string out;
  out += "Added ping key " + Field(answer, "id") + " for team \"" + Field(answer, "team", "") +
         "\". Key: " + Field(answer, "key") + "\n";
  out += "healthchecks.io slug URL: " + Field(answer, "slug_url") + "\n";
  out += "Cronitor telemetry URL:   " + Field(answer, "cronitor_url") + "\n";
  out += "Auto-provisioning:        " + ProvisioningText(answer) + "\n";
  out +=
      "<name> is an application of the team; the key is shown only now, the server keeps "
      "only its hash.\n";
  return out;
}

}  // namespace heartbeat::ctl
