#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// A job's own numbers, sent with its completion in the Prometheus text format
// 0.0.4 (issue 16, "a Pushgateway with a TTL"). The parser is strict: what it
// accepts can be written into /metrics without breaking the scrape.
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

// Throws JobMetricsError for anything Prometheus would refuse, and for what
// the exporter keeps for itself: names starting with heartbeat_, the labels
// application, team, job, instance and __*, timestamps, histograms and
// summaries, duplicate series, more than `max_series` series.
std::vector<JobFamily> ParseJobMetrics(std::string_view text,
                                       std::size_t max_series = kMaxJobSeriesPerApplication);

// Cronitor's `metric=count:5` query parameter as one untyped family.
// Throws std::invalid_argument with a sentence.
JobFamily ParseCronitorMetric(std::string_view parameter);

// The families as text format 0.0.4 again (HELP, TYPE, samples), with
// `prefix_labels` (already escaped, as `application="x",team="y"`) first in every
// label set: what is stored, and what /metrics shows.
std::string WriteJobMetrics(const std::vector<JobFamily>& families,
                            std::string_view prefix_labels = {});

}  // namespace heartbeat
