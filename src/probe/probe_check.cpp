#include "heartbeat/probe/probe_check.h"

#include <stdexcept>

#include "probe/http_answer.h"
#include "probe/probe_connection.h"
#include "probe/probe_target.h"

namespace heartbeat {

namespace {

// Enough for any health document; a bigger answer is judged by its status line.
constexpr std::size_t kMaxAnswerBytes = 1 << 20;

std::string BuildRequest(const ProbeSpec& probe, const ProbeTarget& target) {
  std::string request = probe.method + " " + target.target + " HTTP/1.1\r\n";
  request += "Host: " + target.authority + "\r\n";
  request += "User-Agent: heartbeat_exporter-probe\r\n";
  request += "Accept: application/health+json, application/json;q=0.9, */*;q=0.1\r\n";
  request += "Connection: close\r\n";
  for (const auto& [name, value] : probe.headers) request += name + ": " + value + "\r\n";
  if (probe.method == "POST" || probe.method == "PUT") request += "Content-Length: 0\r\n";
  return request + "\r\n";
}

// The verdict on a whole answer: status first (as an ELB), then a health document.
void Judge(const ProbeSpec& probe, const HttpAnswer& answer, ProbeResult& result) {
  result.http_status = answer.status;
  if (answer.status != probe.expected_status) {
    result.reason = "answered " + std::to_string(answer.status) + ", expected " +
                    std::to_string(probe.expected_status);
    return;
  }
  const bool health_document =
      answer.content_type == "application/health+json" || answer.content_type == "application/json";
  const std::string health = health_document ? HealthJsonStatus(answer.body) : "";
  if (health == "fail") {
    result.reason = "answered " + std::to_string(answer.status) + " with status \"fail\"";
    return;
  }
  result.success = true;
  result.warn = health == "warn";
  result.reason =
      "answered " + std::to_string(answer.status) + (result.warn ? " with status \"warn\"" : "");
}

void RunHttp(const ProbeSpec& probe, const ProbeTarget& target, ProbeConnection& connection,
             ProbeResult& result) {
  if (target.scheme == ProbeTarget::Scheme::kHttps) {
    connection.StartTls({probe.server_name.empty() ? target.host : probe.server_name, probe.ca_file,
                         !probe.insecure_skip_verify});
    result.certificate_expiry = connection.EarliestCertificateExpiry();
  }
  connection.WriteAll(BuildRequest(probe, target));
  std::string raw;
  const bool head = probe.method == "HEAD";
  connection.ReadAnswer(raw, kMaxAnswerBytes, [head](const std::string& so_far) {
    return HttpAnswerComplete(so_far, head);
  });
  const std::optional<HttpAnswer> answer = ParseHttpAnswer(raw);
  if (!answer) {
    result.reason = raw.empty() ? "the server closed the connection without answering"
                                : "the answer is not HTTP/1.x";
    return;
  }
  Judge(probe, *answer, result);
}

}  // namespace

ProbeResult RunProbe(const ProbeSpec& probe, const std::atomic<bool>* cancel) {
  const auto started = std::chrono::steady_clock::now();
  ProbeResult result;
  const std::optional<ProbeTarget> target = ParseProbeTarget(probe.url);
  if (!target) {
    result.reason = "the URL cannot be probed";
    return result;
  }
  try {
    ProbeConnection connection(started + probe.timeout, cancel);
    connection.Connect(target->host, target->port);
    if (target->scheme == ProbeTarget::Scheme::kTcp) {
      result.success = true;
      result.reason = "connected";
    } else {
      RunHttp(probe, *target, connection, result);
    }
  } catch (const std::runtime_error& error) {
    result.success = false;
    result.reason = error.what();
  }
  result.duration_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return result;
}

}  // namespace heartbeat
