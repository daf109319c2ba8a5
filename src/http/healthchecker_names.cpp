#include "http/healthchecker_names.h"

#include "core/application_rules.h"
#include "heartbeat/core/probe_rules.h"
#include "heartbeat/core/text.h"

namespace heartbeat::http {

namespace {

bool IsNameCharacter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == '-';
}

// A whole number of at most 9 digits, or nullopt.
std::optional<int> WholeNumber(const std::string& text) {
  const std::string trimmed = Trim(text);
  if (trimmed.empty() || trimmed.size() > 9) return std::nullopt;
  int value = 0;
  for (char c : trimmed) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

// The registered URL without trailing slashes, then "/health", as the original requests it.
std::string HealthUrl(const std::string& url) {
  std::string base = Trim(url);
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base + "/health";
}

}  // namespace

std::string ApplicationNameFor(const std::string& appname) {
  std::string name;
  for (char c : appname) {
    if (IsNameCharacter(c)) {
      name += c;
    } else if (!name.empty() && name.back() != '-') {
      name += '-';
    }
  }
  while (!name.empty() && (name.front() == '.' || name.front() == '_' || name.front() == '-')) {
    name.erase(0, 1);
  }
  if (name.size() > 128) name.resize(128);
  while (!name.empty() && name.back() == '-') name.pop_back();
  return name;
}

std::string DisplayAppname(const std::string& appname) {
  std::string shown;
  for (char c : appname.substr(0, 64)) {
    shown += (c >= ' ' && c < 0x7f && c != '`') ? c : '?';
  }
  return appname.size() > 64 ? shown + "..." : shown;
}

std::optional<ProbeSpec> ProbeFromForm(const std::map<std::string, std::string>& form,
                                       std::string& problem, int& status) {
  status = 400;
  ProbeSpec probe;
  probe.healthchecker = true;
  const std::string& url = form.at("url");
  const std::string scheme = ToLower(url.substr(0, url.find("://")));
  probe.url = HealthUrl(url);
  if (std::string why = rules::CheckProbeUrl(probe.url); !why.empty() || scheme == "tcp") {
    problem = "`" + DisplayAppname(url) + "` is not a valid url (write it as http://host:port)";
    return std::nullopt;
  }
  probe.email = Trim(form.at("email"));
  if (std::string why = CheckEmail(probe.email); !why.empty()) {
    problem = "`" + DisplayAppname(probe.email) + "` is not a valid email";
    return std::nullopt;
  }
  const auto number = [&](const char* field) -> std::optional<int> {
    const std::optional<int> value = WholeNumber(form.at(field));
    if (!value) problem = std::string("`") + field + "` must be a whole number";
    return value;
  };
  const auto timeout = number("timeout");
  const auto interval = number("interval");
  const auto unhealthy = number("unhealthy_threshold");
  const auto healthy = number("healthy_threshold");
  if (!timeout || !interval || !unhealthy || !healthy) return std::nullopt;
  probe.timeout = Seconds(*timeout);
  probe.interval = Seconds(*interval);
  probe.unhealthy_threshold = *unhealthy;
  probe.healthy_threshold = *healthy;
  if (std::string why = ValidateProbe(probe); !why.empty()) {
    status = 406;
    problem = "One or more parameters out of range: " + why +
              " (timeout 2-60 s, interval 5-300 s, thresholds 2-10)";
    return std::nullopt;
  }
  return probe;
}

}  // namespace heartbeat::http
