#include "heartbeat/core/probe_rules.h"

#include "core/application_rules.h"
#include "heartbeat/core/text.h"
#include "heartbeat/core/validation.h"

namespace heartbeat {

namespace {

constexpr std::size_t kMaxMethodBytes = 32;
constexpr std::size_t kMaxHeaderNameBytes = 256;
constexpr std::size_t kMaxHeaderValueBytes = 4096;
constexpr std::size_t kMaxHeaders = 32;
constexpr std::size_t kMaxEmailBytes = 254;  // RFC 5321's path limit
constexpr std::size_t kMaxPathBytes = 4096;

bool IsTokenCharacter(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  const std::string extra = "!#$%&'*+-.^_`|~";
  return extra.find(c) != std::string::npos;
}

std::string CheckTls(const ProbeSpec& probe) {
  if (ToLower(probe.url.substr(0, 8)) == "https://") {
    if (std::string why = CheckLabelValue(probe.ca_file, kMaxPathBytes); !why.empty()) {
      return "probe ca_file " + why;
    }
    if (std::string why = CheckLabelValue(probe.server_name, 253); !why.empty()) {
      return "probe server_name " + why;
    }
    return "";
  }
  if (!probe.ca_file.empty() || probe.insecure_skip_verify || !probe.server_name.empty()) {
    return "probe ca_file, insecure_skip_verify and server_name apply to https:// URLs only";
  }
  return "";
}

std::string CheckHttpFields(const ProbeSpec& probe) {
  if (std::string why = CheckProbeMethod(probe.method); !why.empty()) return "probe method " + why;
  if (probe.headers.size() > kMaxHeaders) return "probe headers: at most 32 headers";
  for (const auto& [name, value] : probe.headers) {
    if (std::string why = CheckProbeHeader(name, value); !why.empty()) return "probe header " + why;
  }
  if (std::string why = CheckExpectedStatus(probe.expected_status); !why.empty()) {
    return "probe expected_status " + why;
  }
  return "";
}

}  // namespace

std::string CheckProbeMethod(const std::string& method) {
  if (method.empty() || method.size() > kMaxMethodBytes) {
    return "\"" + method.substr(0, kMaxMethodBytes) + "\" must be 1 to 32 upper-case letters";
  }
  for (char c : method) {
    if (c < 'A' || c > 'Z') return "\"" + method + "\" must be 1 to 32 upper-case letters";
  }
  return "";
}

std::string CheckProbeHeader(const std::string& name, const std::string& value) {
  if (name.empty() || name.size() > kMaxHeaderNameBytes) {
    return "names must be 1 to 256 characters";
  }
  for (char c : name) {
    if (!IsTokenCharacter(c)) {
      return "\"" + name.substr(0, 64) +
             "\" is not a header name (letters, digits and !#$%&'*+-.^_`|~)";
    }
  }
  if (std::string why = CheckLabelValue(value, kMaxHeaderValueBytes); !why.empty()) {
    return name + " value " + why;
  }
  return "";
}

std::string CheckExpectedStatus(int status) {
  if (status < 100 || status > 599) {
    return std::to_string(status) + " must be an HTTP status from 100 to 599";
  }
  return "";
}

std::string CheckEmail(const std::string& email) {
  if (email.empty()) return "";
  const std::string shown = "\"" + email.substr(0, 64) + (email.size() > 64 ? "...\"" : "\"");
  if (email.size() > kMaxEmailBytes) return shown + " is longer than 254 bytes";
  const std::size_t at = email.find('@');
  const bool one_at = at != std::string::npos && email.find('@', at + 1) == std::string::npos;
  const std::size_t dot = one_at ? email.find('.', at + 1) : std::string::npos;
  if (!one_at || at == 0 || dot == std::string::npos || dot == at + 1 || email.back() == '.') {
    return shown + " is not an e-mail address (write it as name@example.org)";
  }
  for (char c : email) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= ' ' || byte == 0x7f || c == '<' || c == '>' || c == ',' || c == ';' || c == '"') {
      return shown + " is not an e-mail address (no spaces, quotes, commas or angle brackets)";
    }
  }
  if (!IsValidUtf8(email)) return shown + " is not valid UTF-8";
  return "";
}

std::string ValidateProbe(const ProbeSpec& probe) {
  if (std::string why = rules::CheckProbeUrl(probe.url); !why.empty()) return "probe url " + why;
  if (std::string why = rules::CheckProbeInterval(probe.interval); !why.empty()) {
    return "probe interval " + why;
  }
  if (std::string why = rules::CheckProbeTimeout(probe.timeout, probe.interval); !why.empty()) {
    return "probe timeout " + why;
  }
  if (std::string why = rules::CheckProbeThreshold(probe.healthy_threshold); !why.empty()) {
    return "probe healthy_threshold " + why;
  }
  if (std::string why = rules::CheckProbeThreshold(probe.unhealthy_threshold); !why.empty()) {
    return "probe unhealthy_threshold " + why;
  }
  if (ToLower(probe.url.substr(0, 6)) != "tcp://") {
    if (std::string why = CheckHttpFields(probe); !why.empty()) return why;
  } else if (probe.method != "GET" || !probe.headers.empty() || probe.expected_status != 200) {
    return "probe method, headers and expected_status apply to http:// and https:// URLs only";
  }
  if (std::string why = CheckTls(probe); !why.empty()) return why;
  if (std::string why = CheckEmail(probe.email); !why.empty()) return "probe email " + why;
  return "";
}

}  // namespace heartbeat
