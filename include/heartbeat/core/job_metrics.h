#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// A job's own numbers, sent with its completion in the Prometheus text format
// 0.0.4 (issue 16, "a Pushgateway with a TTL"). The parser is strict: what it
// accepts can be written into /metrics without breaking the scrape. Writing
// them back as text is heartbeat/metrics/job_metrics.h.
namespace heartbeat {

struct JobSample {
  std::vector<std::pair<std::string, std::string>> labels;  // in the order sent
  double value = 0;
};

struct JobFamily {
  std::string name;
  std::string type = "untyped";  // counter, gauge or untyped
  std::string help;              // unescaped
  std::vector<JobSample> samples;
};

// One application's job metrics as the store keeps them: the families, their
// normalized text (what is stored and parsed again at start-up) and how many
// series they hold (what the limits count).
struct JobMetrics {
  std::vector<JobFamily> families;
  std::string text;
  std::size_t series = 0;
};

// A refused body: the 1-based line and why ("line 3: ..."); line 0 for the
// body as a whole (too large, not UTF-8).
class JobMetricsError : public std::invalid_argument {
 public:
  JobMetricsError(std::size_t line, const std::string& reason);
  std::size_t line() const { return line_; }

 private:
  std::size_t line_;
};

inline constexpr std::size_t kMaxJobMetricsBytes = 64 * 1024;
inline constexpr std::size_t kMaxJobSeriesPerApplication = 200;
inline constexpr std::size_t kDefaultJobSeriesLimit = 100000;  // --metrics.job-series-limit

// Metric name prefixes the exporter's own families use: a job's family with one
// of them would break the scrape with a second TYPE line for the same name.
inline constexpr const char* kReservedJobMetricPrefixes[] = {"heartbeat_", "statuscope_",
                                                             "process_"};

// Throws JobMetricsError for anything Prometheus would refuse, and for what
// the exporter keeps for itself: names starting with a reserved prefix, the
// labels application, team, job, instance and __*, timestamps, histograms and
// summaries, duplicate series, more than `max_series` series, more than
// `max_bytes` bytes. Stored text is read back without the two limits: its
// normalized form can be longer than the body sent, and the limits may have changed.
std::vector<JobFamily> ParseJobMetrics(std::string_view text,
                                       std::size_t max_series = kMaxJobSeriesPerApplication,
                                       std::size_t max_bytes = kMaxJobMetricsBytes);
// ParseJobMetrics without the two limits, for text the exporter wrote itself.
std::vector<JobFamily> ParseStoredJobMetrics(std::string_view text);

// Cronitor's `metric=count:5` query parameter as one untyped family.
// Throws std::invalid_argument with a sentence.
JobFamily ParseCronitorMetric(std::string_view parameter);

// How many series (samples) the families hold.
std::size_t CountJobSeries(const std::vector<JobFamily>& families);

}  // namespace heartbeat
