#include "heartbeat/metrics/application_metrics.h"

#include <cstring>
#include <string>
#include <vector>

#include "heartbeat/core/validation.h"
#include "heartbeat/metrics/job_exposition.h"
#include "metrics/number_format.h"

namespace heartbeat {

namespace {

// What every family's lines are made of, computed once per scrape: the state
// and values of each application and its label set `{application="..",team=".."} `,
// all label sets in one string (one allocation instead of 100k).
struct ScrapeInput {
  std::vector<ApplicationRecord> snapshot;
  std::vector<ApplicationSample> samples;
  std::string label_text;
  std::vector<std::size_t> label_ends;  // label set i is [label_ends[i-1], label_ends[i])
  std::array<int, kStateCount> per_state{};
  std::vector<bool> job_shown;  // whose job metrics /metrics shows

  std::string_view Labels(std::size_t i) const {
    const std::size_t begin = i == 0 ? 0 : label_ends[i - 1];
    return std::string_view(label_text).substr(begin, label_ends[i] - begin);
  }
};

// Label values may hold anything stored: the format escapes \ " and newline,
// and Prometheus refuses a whole scrape over one label value that is not
// valid UTF-8, so such a value (stored before validation existed, or by any
// future path) is written with U+FFFD in place of its broken bytes.
void AppendLabelValue(std::string& out, const std::string& stored) {
  const bool valid = IsValidUtf8(stored);
  const std::string repaired = valid ? std::string() : ToValidUtf8(stored);
  const std::string& value = valid ? stored : repaired;
  bool plain = true;
  for (char c : value) plain &= c != '\\' && c != '"' && c != '\n';
  if (plain) {
    out += value;
    return;
  }
  for (char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
}

// `,name="value"` for each custom label, in name order.
void AppendCustomLabels(std::string& out, const Labels& labels) {
  for (const auto& [name, value] : labels) {
    out += ',';
    out += name;
    out += "=\"";
    AppendLabelValue(out, value);
    out += '"';
  }
}

ScrapeInput Prepare(std::vector<ApplicationRecord> snapshot, TimePoint now,
                    bool labels_on_all_series) {
  ScrapeInput input;
  input.snapshot = std::move(snapshot);
  input.samples.reserve(input.snapshot.size());
  input.label_ends.reserve(input.snapshot.size());
  input.label_text.reserve(input.snapshot.size() * 48);
  for (const ApplicationRecord& app : input.snapshot) {
    input.samples.push_back(SampleApplication(*app, now));
    ++input.per_state[static_cast<int>(input.samples.back().state)];
    input.label_text += "{application=\"";
    AppendLabelValue(input.label_text, app->spec.name);
    input.label_text += "\",team=\"";
    AppendLabelValue(input.label_text, app->spec.team);
    input.label_text += '"';
    if (labels_on_all_series) AppendCustomLabels(input.label_text, app->spec.labels);
    input.label_text += "} ";
    input.label_ends.push_back(input.label_text.size());
  }
  return input;
}

// Collects the text and hands it to the sink in pieces that end at a line end.
// Lines are written through a cursor into room reserved beforehand: a scrape
// has 1.4M lines of four parts each, and std::string::append's checks per part
// cost more than the copying (perf, 100k applications).
class PieceBuffer {
 public:
  PieceBuffer(const ApplicationMetricsWriter::Sink& sink, std::size_t piece_bytes)
      : sink_(sink), piece_bytes_(piece_bytes), text_(piece_bytes + 4096, '\0') {}

  // Room for `bytes` more at the cursor.
  char* Reserve(std::size_t bytes) {
    if (used_ + bytes > text_.size()) text_.resize(used_ + bytes);
    return text_.data() + used_;
  }
  // The line ends at `end`: false once the sink wants no more.
  bool LineDone(const char* end) {
    used_ = static_cast<std::size_t>(end - text_.data());
    return used_ < piece_bytes_ || Flush();
  }
  void Append(std::string_view text) {
    std::memcpy(Reserve(text.size()), text.data(), text.size());
    used_ += text.size();
  }
  bool Flush() {
    const bool more = used_ == 0 || sink_(std::string_view(text_.data(), used_));
    used_ = 0;
    return more;
  }

 private:
  const ApplicationMetricsWriter::Sink& sink_;
  std::size_t piece_bytes_;
  std::string text_;
  std::size_t used_ = 0;
};

char* Copy(char* out, std::string_view text) {
  std::memcpy(out, text.data(), text.size());
  return out + text.size();
}

void AppendHeader(PieceBuffer& buffer, const ApplicationFamily& family) {
  const std::string_view name = family.name;
  buffer.Append("# HELP ");
  buffer.Append(name);
  buffer.Append(" ");
  buffer.Append(family.help);
  buffer.Append("\n# TYPE ");
  buffer.Append(name);
  buffer.Append(family.counter ? " counter\n" : " gauge\n");
}

// One line per application: name, label set, value(sample).
template <typename Value>
bool WritePerApplication(PieceBuffer& buffer, const ScrapeInput& input,
                         const ApplicationFamily& family, Value value) {
  AppendHeader(buffer, family);
  const std::string_view name = family.name;
  for (std::size_t i = 0; i < input.samples.size(); ++i) {
    const std::string_view labels = input.Labels(i);
    char* out = buffer.Reserve(name.size() + labels.size() + kMaxSampleValueChars + 1);
    out = Copy(Copy(out, name), labels);
    out = WriteSampleValue(out, value(input.samples[i]));
    *out++ = '\n';
    if (!buffer.LineDone(out)) return false;
  }
  return true;
}

// The reason is the one label that changes; the rest is the application's label set.
bool WriteReasons(PieceBuffer& buffer, const ScrapeInput& input) {
  AppendHeader(buffer, kStateReasonFamily);
  std::string line;
  for (std::size_t i = 0; i < input.snapshot.size(); ++i) {
    const std::string_view labels = input.Labels(i);
    line = kStateReasonFamily.name;
    line.append(labels.substr(0, labels.size() - 2));  // without the closing "} "
    line += ",reason=\"";
    line += ReasonName(input.samples[i].reason);
    line += "\"} 1\n";
    if (!buffer.LineDone(Copy(buffer.Reserve(line.size()), line))) return false;
  }
  return true;
}

// Custom labels are always on the info series, after its own labels, so rules
// can join on it (docs/reference.md §4.2) whatever --metrics.labels-on-all-series says.
bool WriteInfo(PieceBuffer& buffer, const ScrapeInput& input) {
  const ApplicationFamily& family = kApplicationFamilies[kInfoFamily];
  AppendHeader(buffer, family);
  std::string line;
  for (std::size_t i = 0; i < input.snapshot.size(); ++i) {
    const Application& app = *input.snapshot[i];
    line = family.name;
    line += "{application=\"";
    AppendLabelValue(line, app.spec.name);
    line += "\",team=\"";
    AppendLabelValue(line, app.spec.team);
    line += "\",schedule=\"";
    AppendLabelValue(line, app.spec.schedule);
    line += "\",timezone=\"";
    AppendLabelValue(line, app.spec.timezone);
    line += "\",kind=\"";
    line += app.kind();
    // The registered contact, for Alertmanager's email_configs (docs/alerting.md).
    line += "\",email=\"";
    AppendLabelValue(line, app.spec.probe ? app.spec.probe->email : std::string());
    line += '"';
    AppendCustomLabels(line, app.spec.labels);
    line += "} 1\n";
    if (!buffer.LineDone(Copy(buffer.Reserve(line.size()), line))) return false;
  }
  return true;
}

// heartbeat_job_metrics_stale, one line per application holding job metrics;
// no family at all when none does (as the collector leaves it out).
bool WriteJobMetricsStale(PieceBuffer& buffer, const ScrapeInput& input) {
  bool header = false;
  std::string line;
  for (std::size_t i = 0; i < input.snapshot.size(); ++i) {
    const auto& metrics = input.snapshot[i]->job_metrics;
    if (!metrics || metrics->series == 0) continue;
    if (!header) AppendHeader(buffer, kJobMetricsStaleFamily);
    header = true;
    line = kJobMetricsStaleFamily.name;
    line += input.Labels(i);
    line += JobMetricsStale(input.samples[i].state) ? "1\n" : "0\n";
    if (!buffer.LineDone(Copy(buffer.Reserve(line.size()), line))) return false;
  }
  return true;
}

// HELP (when the job gave one) and TYPE once per family, escaped as the format wants.
void AppendJobHeader(PieceBuffer& buffer, const JobFamilyGroup& group) {
  std::string header;
  if (!group.help.empty()) {
    header = "# HELP " + std::string(group.name) + " ";
    for (char c : group.help) {
      header += c == '\\' ? "\\\\" : c == '\n' ? "\\n" : std::string(1, c);
    }
    header += '\n';
  }
  header += "# TYPE " + std::string(group.name) + " " + std::string(group.type) + "\n";
  buffer.Append(header);
}

// Each job sample with the application's label set first, then its own labels.
bool WriteJobFamilies(PieceBuffer& buffer, const ScrapeInput& input, bool labels_on_all_series) {
  static const Labels kNoLabels;
  std::string line;
  for (const JobFamilyGroup& group : GroupJobFamilies(input.snapshot, input.job_shown)) {
    AppendJobHeader(buffer, group);
    for (const auto& [i, family] : group.parts) {
      const std::string_view labels = input.Labels(i);
      const Labels& custom = labels_on_all_series ? input.snapshot[i]->spec.labels : kNoLabels;
      for (const JobSample& sample : family->samples) {
        line = group.name;
        line.append(labels.substr(0, labels.size() - 2));  // without the closing "} "
        for (const auto& [name, value] : sample.labels) {
          line += ',';
          line += ExposedJobLabelName(name, custom, sample);
          line += "=\"";
          AppendLabelValue(line, value);
          line += '"';
        }
        line += "} ";
        char number[kMaxSampleValueChars];
        line.append(number, WriteSampleValue(number, sample.value));
        line += '\n';
        if (!buffer.LineDone(Copy(buffer.Reserve(line.size()), line))) return false;
      }
    }
  }
  return true;
}

bool WritePerState(PieceBuffer& buffer, const ScrapeInput& input) {
  const ApplicationFamily& family = kApplicationFamilies[kPerStateFamily];
  AppendHeader(buffer, family);
  for (int code = 0; code < kStateCount; ++code) {
    buffer.Append(family.name);
    buffer.Append("{state=\"");
    buffer.Append(StateName(static_cast<State>(code)));
    buffer.Append("\"} ");
    char* out = buffer.Reserve(kMaxSampleValueChars + 1);
    out = WriteSampleValue(out, input.per_state[code]);
    *out++ = '\n';
    if (!buffer.LineDone(out)) return false;
  }
  return true;
}

}  // namespace

ApplicationMetricsWriter::ApplicationMetricsWriter(const StateIndex& index, const TimeSource& clock,
                                                   bool statuscope_compat,
                                                   bool labels_on_all_series,
                                                   StaleJobMetrics stale_job_metrics)
    : index_(index),
      clock_(clock),
      statuscope_compat_(statuscope_compat),
      labels_on_all_series_(labels_on_all_series),
      stale_job_metrics_(stale_job_metrics) {}

void ApplicationMetricsWriter::Write(const Sink& sink, std::size_t piece_bytes) const {
  // The snapshot is the only locked step; states and label sets are computed
  // once per application, then each family is one pass over them.
  ScrapeInput input = Prepare(index_.Snapshot(), clock_.Now(), labels_on_all_series_);
  input.job_shown = ShownJobMetrics(input.snapshot, input.samples, stale_job_metrics_);
  PieceBuffer buffer(sink, piece_bytes);
  for (std::size_t m = 0; m < kSampledFamilyCount; ++m) {
    const auto value = [m](const ApplicationSample& sample) { return sample.values[m]; };
    if (!WritePerApplication(buffer, input, kApplicationFamilies[m], value)) return;
  }
  if (!WriteReasons(buffer, input) || !WriteInfo(buffer, input) || !WritePerState(buffer, input)) {
    return;
  }
  if (statuscope_compat_) {
    const auto value = [](const ApplicationSample& sample) {
      return StatuscopeValue(sample.state);
    };
    if (!WritePerApplication(buffer, input, kApplicationFamilies[kStatuscopeFamily], value)) return;
  }
  if (!WriteJobMetricsStale(buffer, input) ||
      !WriteJobFamilies(buffer, input, labels_on_all_series_)) {
    return;
  }
  buffer.Flush();
}

}  // namespace heartbeat
