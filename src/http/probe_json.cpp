#include "http/probe_json.h"

#include <stdexcept>

#include "heartbeat/core/text.h"
#include "http/body_fields.h"

namespace heartbeat::http {

namespace {

int WholeField(const nlohmann::json& value, const std::string& field) {
  if (!value.is_number_integer()) {
    throw std::invalid_argument("probe." + field + " must be a whole number");
  }
  const long long number = value.get<long long>();
  if (number < 0 || number > 1000000) {
    throw std::invalid_argument("probe." + field + " " + std::to_string(number) +
                                " is out of range");
  }
  return static_cast<int>(number);
}

std::vector<std::pair<std::string, std::string>> HeadersField(const nlohmann::json& value) {
  if (!value.is_object()) {
    throw std::invalid_argument("probe.headers must be an object of name: value strings");
  }
  std::vector<std::pair<std::string, std::string>> headers;
  for (const auto& [name, header] : value.items()) {
    headers.emplace_back(name, StringField(header, "probe.headers." + name));
  }
  return headers;
}

void ApplyProbeKey(const std::string& key, const nlohmann::json& value, ProbeSpec& probe) {
  const std::string field = "probe." + key;
  if (key == "url") {
    probe.url = StringField(value, field);
  } else if (key == "interval") {
    probe.interval = DurationField(value, field);
  } else if (key == "timeout") {
    probe.timeout = DurationField(value, field);
  } else if (key == "healthy_threshold") {
    probe.healthy_threshold = WholeField(value, key);
  } else if (key == "unhealthy_threshold") {
    probe.unhealthy_threshold = WholeField(value, key);
  } else if (key == "method") {
    probe.method = ToUpper(StringField(value, field));
  } else if (key == "headers") {
    probe.headers = HeadersField(value);
  } else if (key == "expected_status") {
    probe.expected_status = WholeField(value, key);
  } else if (key == "ca_file") {
    probe.ca_file = StringField(value, field);
  } else if (key == "insecure_skip_verify") {
    probe.insecure_skip_verify = BoolField(value, field);
  } else if (key == "server_name") {
    probe.server_name = StringField(value, field);
  } else if (key == "email") {
    probe.email = StringField(value, field);
  } else {
    throw std::invalid_argument("unknown field \"" + field +
                                "\"; use url, interval, timeout, healthy_threshold, "
                                "unhealthy_threshold, method, headers, expected_status, ca_file, "
                                "insecure_skip_verify, server_name, email");
  }
}

}  // namespace

std::optional<ProbeSpec> ProbeField(const nlohmann::json& value,
                                    const SharedOptional<ProbeSpec>& current) {
  if (value.is_null()) return std::nullopt;
  if (!value.is_object()) throw std::invalid_argument("probe must be an object with a url");
  ProbeSpec probe = current ? *current : ProbeSpec{};
  for (const auto& [key, field] : value.items()) ApplyProbeKey(key, field, probe);
  if (probe.url.empty()) throw std::invalid_argument("probe.url is required");
  return probe;
}

nlohmann::json ProbeObject(const ProbeSpec& probe) {
  nlohmann::json headers = nlohmann::json::object();
  for (const auto& [name, value] : probe.headers) headers[name] = value;
  return {{"url", probe.url},
          {"interval", probe.interval.count()},
          {"timeout", probe.timeout.count()},
          {"healthy_threshold", probe.healthy_threshold},
          {"unhealthy_threshold", probe.unhealthy_threshold},
          {"method", probe.method},
          {"headers", headers},
          {"expected_status", probe.expected_status},
          {"ca_file", probe.ca_file},
          {"insecure_skip_verify", probe.insecure_skip_verify},
          {"server_name", probe.server_name},
          {"email", probe.email},
          {"healthchecker", probe.healthchecker}};
}

}  // namespace heartbeat::http
