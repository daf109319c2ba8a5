// Writing a job's metrics back as text (the parser is in src/core/job_metrics.cpp).
#include "heartbeat/metrics/job_metrics.h"

#include "metrics/number_format.h"

namespace heartbeat {
namespace {

void AppendEscaped(std::string& out, const std::string& text, bool quotes) {
  for (char c : text) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (quotes && c == '"') {
      out += "\\\"";
    } else {
      out += c;
    }
  }
}

}  // namespace

std::string WriteJobMetrics(const std::vector<JobFamily>& families,
                            std::string_view prefix_labels) {
  std::string out;
  for (const JobFamily& family : families) {
    if (!family.help.empty()) {
      out += "# HELP " + family.name + " ";
      AppendEscaped(out, family.help, false);
      out += '\n';
    }
    out += "# TYPE " + family.name + " " + family.type + "\n";
    for (const JobSample& sample : family.samples) {
      out += family.name;
      std::string labels(prefix_labels);
      for (const auto& [name, value] : sample.labels) {
        labels += (labels.empty() ? "" : ",") + name + "=\"";
        AppendEscaped(labels, value, true);
        labels += '"';
      }
      if (!labels.empty()) out += "{" + labels + "}";
      char number[kMaxSampleValueChars];
      out += ' ';
      out.append(number, WriteSampleValue(number, sample.value));
      out += '\n';
    }
  }
  return out;
}

std::shared_ptr<const JobMetrics> MakeJobMetrics(std::vector<JobFamily> families) {
  auto metrics = std::make_shared<JobMetrics>();
  metrics->text = WriteJobMetrics(families);
  metrics->series = CountJobSeries(families);
  metrics->families = std::move(families);
  return metrics;
}

}  // namespace heartbeat
