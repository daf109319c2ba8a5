// The floor under any /metrics implementation built on prometheus-cpp: the time
// TextSerializer alone needs for the per-application families the exporter
// exposes (docs/reference.md §4), with the same labels and label values as the seeded bench
// database. GET /metrics is compared against this in the same run.
//
//   serialize_bench [APPLICATIONS=100000] [RUNS=5]
//
// Prints one line of key=value pairs; serialize_ms is the median of RUNS, and
// direct_ms the median time of a plain writer producing the same text.
#include <prometheus/client_metric.h>
#include <prometheus/metric_family.h>
#include <prometheus/text_serializer.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "bench_names.h"
#include "heartbeat/metrics/application_families.h"

namespace {

using prometheus::ClientMetric;
using prometheus::MetricFamily;
using prometheus::MetricType;

ClientMetric Sample(std::vector<ClientMetric::Label> labels, MetricType type, double value) {
  ClientMetric metric;
  metric.label = std::move(labels);
  if (type == MetricType::Counter) {
    metric.counter.value = value;
  } else {
    metric.gauge.value = value;
  }
  return metric;
}

MetricFamily Family(const heartbeat::ApplicationFamily& spec, long applications) {
  MetricFamily family;
  family.name = spec.name;
  family.help = spec.help;
  family.type = spec.counter ? MetricType::Counter : MetricType::Gauge;
  family.metric.reserve(static_cast<size_t>(applications));
  return family;
}

// The exporter's sampled families and its info family, from its own table.
std::vector<MetricFamily> BuildFamilies(long applications) {
  std::vector<MetricFamily> families;
  const double now = 1.7e9;
  for (size_t f = 0; f < heartbeat::kSampledFamilyCount; ++f) {
    MetricFamily family = Family(heartbeat::kApplicationFamilies[f], applications);
    for (long i = 0; i < applications; ++i) {
      // Realistic values: timestamps with milliseconds, small integers elsewhere.
      const double value = f >= 2 && f <= 7 ? now + i * 0.001 : static_cast<double>(i % 7);
      family.metric.push_back(Sample(
          {{"application", bench::AppName(i)}, {"team", bench::AppTeam(i)}}, family.type, value));
    }
    families.push_back(std::move(family));
  }
  MetricFamily info = Family(heartbeat::kApplicationFamilies[heartbeat::kInfoFamily], applications);
  for (long i = 0; i < applications; ++i) {
    info.metric.push_back(Sample({{"application", bench::AppName(i)},
                                  {"kind", "push"},
                                  {"schedule", ""},
                                  {"team", bench::AppTeam(i)},
                                  {"timezone", "UTC"}},
                                 MetricType::Gauge, 1));
  }
  families.push_back(std::move(info));
  return families;
}

// What a /metrics writer that skips MetricFamily can reach: the same text,
// appended straight into one reserved string, doubles through std::to_chars.
// Label values here need no escaping; a real writer escapes each once.
std::string WriteDirect(const std::vector<MetricFamily>& families) {
  std::string out;
  out.reserve(128 << 20);
  char number[32];
  for (const auto& family : families) {
    out += "# HELP ";
    out += family.name;
    out += ' ';
    out += family.help;
    out += "\n# TYPE ";
    out += family.name;
    out += family.type == MetricType::Counter ? " counter\n" : " gauge\n";
    for (const auto& metric : family.metric) {
      out += family.name;
      out += '{';
      for (size_t i = 0; i < metric.label.size(); ++i) {
        if (i > 0) out += ',';
        out += metric.label[i].name;
        out += "=\"";
        out += metric.label[i].value;
        out += '"';
      }
      out += "} ";
      const double value =
          family.type == MetricType::Counter ? metric.counter.value : metric.gauge.value;
      out.append(number, std::to_chars(number, number + sizeof number, value).ptr);
      out += '\n';
    }
  }
  return out;
}

double MillisSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

}  // namespace

int main(int argc, char** argv) {
  const long applications = argc > 1 ? std::atol(argv[1]) : 100000;
  const int runs = argc > 2 ? std::atoi(argv[2]) : 5;
  if (applications <= 0 || runs <= 0) {
    std::fprintf(stderr, "usage: serialize_bench [APPLICATIONS>0] [RUNS>0]\n");
    return 2;
  }

  auto start = std::chrono::steady_clock::now();
  const auto families = BuildFamilies(applications);
  const double build_ms = MillisSince(start);

  const prometheus::TextSerializer serializer;
  std::vector<double> times;
  size_t bytes = 0;
  for (int r = 0; r < runs; ++r) {
    start = std::chrono::steady_clock::now();
    const std::string text = serializer.Serialize(families);
    times.push_back(MillisSince(start));
    bytes = text.size();
  }
  std::sort(times.begin(), times.end());
  std::vector<double> direct_times;
  size_t direct_bytes = 0;
  for (int r = 0; r < runs; ++r) {
    start = std::chrono::steady_clock::now();
    const std::string text = WriteDirect(families);
    direct_times.push_back(MillisSince(start));
    direct_bytes = text.size();
  }
  std::sort(direct_times.begin(), direct_times.end());
  size_t series = 0;
  for (const auto& family : families) series += family.metric.size();
  std::printf(
      "applications=%ld families=%zu series=%zu bytes=%zu build_ms=%.1f serialize_ms=%.1f "
      "serialize_min_ms=%.1f direct_ms=%.1f direct_bytes=%zu\n",
      applications, families.size(), series, bytes, build_ms, times[times.size() / 2],
      times.front(), direct_times[direct_times.size() / 2], direct_bytes);
  return 0;
}
