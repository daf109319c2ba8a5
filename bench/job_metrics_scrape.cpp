// What job metrics (issue 16) add to one scrape and cost per push, in-process:
// the streaming writer /metrics uses over APPLICATIONS applications, without
// job metrics and with JOB_APPLICATIONS of them holding SERIES series each
// (1000 x 100 is the default --metrics.job-series-limit of 100000), and the
// parse of one push at the per-application limit of 200 series.
//
//   job_metrics_scrape [APPLICATIONS=100000] [JOB_APPLICATIONS=1000] [SERIES=100] [RUNS=5]
//
// Prints one line of key=value pairs: medians of this thread's CPU time in ms
// (bench_cpu.h), the text's size in bytes, and the parse time in microseconds.
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "bench_cpu.h"
#include "bench_names.h"
#include "heartbeat/metrics/application_metrics.h"
#include "heartbeat/metrics/job_metrics.h"
#include "heartbeat/store/state_index.h"

namespace {

// `series` samples over 10 families of three types, with one label each.
std::string JobText(long series) {
  static const char* const kTypes[] = {"gauge", "counter", "untyped"};
  std::string text;
  for (long family = 0; family < 10; ++family) {
    const std::string name = "job_family_" + std::to_string(family);
    text += "# HELP " + name + " A number the job reports.\n";
    text += "# TYPE " + name + " " + kTypes[family % 3] + "\n";
    for (long i = family; i < series; i += 10) {
      text += name + "{part=\"p" + std::to_string(i) + "\"} " + std::to_string(i * 1.5) + "\n";
    }
  }
  return text;
}

void Fill(heartbeat::StateIndex& index, long applications, long job_applications, long series) {
  const auto metrics = heartbeat::MakeJobMetrics(
      heartbeat::ParseJobMetrics(JobText(series), static_cast<std::size_t>(series)));
  std::vector<heartbeat::StateIndex::Change> changes;
  const heartbeat::TimePoint now = heartbeat::SystemTimeSource().Now();
  for (long i = 0; i < applications; ++i) {
    auto app = std::make_shared<heartbeat::Application>();
    app->id = i + 1;
    app->spec.name = bench::AppName(i);
    app->spec.team = bench::AppTeam(i);
    app->spec.interval = std::chrono::hours(1);
    app->last_success = now;
    if (i < job_applications) app->job_metrics = metrics;
    changes.push_back({app, 0});
  }
  index.Publish(changes);
}

// Median CPU ms of one Write, and the text's size.
std::pair<double, std::size_t> MeasureWriter(const heartbeat::StateIndex& index, int runs) {
  const heartbeat::SystemTimeSource clock;
  const heartbeat::ApplicationMetricsWriter writer(index, clock, false);
  std::vector<double> times;
  std::size_t bytes = 0;
  for (int run = 0; run < runs; ++run) {
    bytes = 0;
    const double start = bench::ThreadCpuMs();
    writer.Write([&bytes](std::string_view piece) {
      bytes += piece.size();
      return true;
    });
    times.push_back(bench::ThreadCpuMs() - start);
  }
  return {bench::Median(times), bytes};
}

double MeasureParseUs(int runs) {
  const std::string body = JobText(static_cast<long>(heartbeat::kMaxJobSeriesPerApplication));
  std::vector<double> times;
  for (int run = 0; run < runs; ++run) {
    const double start = bench::ThreadCpuMs();
    for (int i = 0; i < 100; ++i) heartbeat::MakeJobMetrics(heartbeat::ParseJobMetrics(body));
    times.push_back((bench::ThreadCpuMs() - start) * 10);  // 100 parses: ms * 1000 / 100
  }
  return bench::Median(times);
}

}  // namespace

int main(int argc, char** argv) {
  const long applications = argc > 1 ? std::atol(argv[1]) : 100000;
  const long job_applications = argc > 2 ? std::atol(argv[2]) : 1000;
  const long series = argc > 3 ? std::atol(argv[3]) : 100;
  const int runs = argc > 4 ? std::atoi(argv[4]) : 5;
  heartbeat::StateIndex without;
  Fill(without, applications, 0, series);
  heartbeat::StateIndex with;
  Fill(with, applications, job_applications, series);
  const auto [plain_ms, plain_bytes] = MeasureWriter(without, runs);
  const auto [jobs_ms, jobs_bytes] = MeasureWriter(with, runs);
  std::printf(
      "applications=%ld job_series=%ld writer_cpu_ms=%.1f writer_bytes=%zu "
      "with_jobs_cpu_ms=%.1f with_jobs_bytes=%zu parse_200_series_us=%.1f\n",
      applications, job_applications * series, plain_ms, plain_bytes, jobs_ms, jobs_bytes,
      MeasureParseUs(runs));
  return 0;
}
