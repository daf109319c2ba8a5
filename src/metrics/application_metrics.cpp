#include "heartbeat/metrics/application_metrics.h"

#include <charconv>
#include <cmath>
#include <string>
#include <vector>

#include "heartbeat/core/validation.h"

namespace heartbeat {

namespace {

// What every family's lines are made of, computed once per scrape: the state
// and values of each application and its label set `{application="..",team=".."} `.
struct ScrapeInput {
  std::vector<ApplicationRecord> snapshot;
  std::vector<ApplicationSample> samples;
  std::vector<std::string> labels;
  std::array<int, kStateCount> per_state{};
};

// Label values may hold anything stored: the format escapes \ " and newline,
// and Prometheus refuses a whole scrape over one label value that is not
// valid UTF-8, so such a value (stored before validation existed, or by any
// future path) is written with U+FFFD in place of its broken bytes.
void AppendLabelValue(std::string& out, const std::string& stored) {
  const bool valid = IsValidUtf8(stored);
  const std::string repaired = valid ? std::string() : ToValidUtf8(stored);
  const std::string& value = valid ? stored : repaired;
  if (value.find_first_of("\\\"\n") == std::string::npos) {
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

ScrapeInput Prepare(std::vector<ApplicationRecord> snapshot, TimePoint now) {
  ScrapeInput input;
  input.snapshot = std::move(snapshot);
  input.samples.reserve(input.snapshot.size());
  input.labels.reserve(input.snapshot.size());
  for (const ApplicationRecord& app : input.snapshot) {
    input.samples.push_back(SampleApplication(*app, now));
    ++input.per_state[static_cast<int>(input.samples.back().state)];
    std::string set = "{application=\"";
    AppendLabelValue(set, app->spec.name);
    set += "\",team=\"";
    AppendLabelValue(set, app->spec.team);
    set += "\"} ";
    input.labels.push_back(std::move(set));
  }
  return input;
}

// Collects the text and hands it to the sink in pieces that end at a line end.
class PieceBuffer {
 public:
  PieceBuffer(const ApplicationMetricsWriter::Sink& sink, std::size_t piece_bytes)
      : sink_(sink), piece_bytes_(piece_bytes) {
    text_.reserve(piece_bytes + 4096);
  }
  std::string& text() { return text_; }
  // After each line: false once the sink wants no more.
  bool LineDone() { return text_.size() < piece_bytes_ || Flush(); }
  bool Flush() {
    const bool more = text_.empty() || sink_(text_);
    text_.clear();
    return more;
  }

 private:
  const ApplicationMetricsWriter::Sink& sink_;
  std::size_t piece_bytes_;
  std::string text_;
};

// std::to_chars writes "inf" and "nan"; the text format spells them +Inf, -Inf
// and NaN. A stored duration can be infinite (SQLite's REAL holds infinities).
void AppendNumber(std::string& out, double value) {
  if (std::isnan(value)) {
    out += "NaN";
    return;
  }
  if (std::isinf(value)) {
    out += value < 0 ? "-Inf" : "+Inf";
    return;
  }
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof(buffer), value);
  out.append(buffer, result.ptr);
}

void AppendHeader(std::string& out, const ApplicationFamily& family) {
  out += "# HELP ";
  out += family.name;
  out += ' ';
  out += family.help;
  out += "\n# TYPE ";
  out += family.name;
  out += family.counter ? " counter\n" : " gauge\n";
}

// One line per application: name, label set, value(sample).
template <typename Value>
bool WritePerApplication(PieceBuffer& buffer, const ScrapeInput& input,
                         const ApplicationFamily& family, Value value) {
  AppendHeader(buffer.text(), family);
  for (std::size_t i = 0; i < input.samples.size(); ++i) {
    std::string& out = buffer.text();
    out += family.name;
    out += input.labels[i];
    AppendNumber(out, value(input.samples[i]));
    out += '\n';
    if (!buffer.LineDone()) return false;
  }
  return true;
}

bool WriteInfo(PieceBuffer& buffer, const ScrapeInput& input) {
  const ApplicationFamily& family = kApplicationFamilies[kInfoFamily];
  AppendHeader(buffer.text(), family);
  for (std::size_t i = 0; i < input.snapshot.size(); ++i) {
    const Application& app = *input.snapshot[i];
    const std::string& labels = input.labels[i];
    std::string& out = buffer.text();
    out += family.name;
    out.append(labels, 0, labels.size() - 2);  // without the closing "} "
    out += ",schedule=\"";
    AppendLabelValue(out, app.spec.schedule);
    out += "\",timezone=\"";
    AppendLabelValue(out, app.spec.timezone);
    out += "\",kind=\"";
    out += app.kind();
    out += "\"} 1\n";
    if (!buffer.LineDone()) return false;
  }
  return true;
}

bool WritePerState(PieceBuffer& buffer, const ScrapeInput& input) {
  const ApplicationFamily& family = kApplicationFamilies[kPerStateFamily];
  std::string& out = buffer.text();
  AppendHeader(out, family);
  for (int code = 0; code < kStateCount; ++code) {
    out += family.name;
    out += "{state=\"";
    out += StateName(static_cast<State>(code));
    out += "\"} ";
    AppendNumber(out, input.per_state[code]);
    out += '\n';
  }
  return buffer.LineDone();
}

}  // namespace

ApplicationMetricsWriter::ApplicationMetricsWriter(const StateIndex& index, const TimeSource& clock,
                                                   bool statuscope_compat)
    : index_(index), clock_(clock), statuscope_compat_(statuscope_compat) {}

void ApplicationMetricsWriter::Write(const Sink& sink, std::size_t piece_bytes) const {
  // The snapshot is the only locked step; states and label sets are computed
  // once per application, then each family is one pass over them.
  const ScrapeInput input = Prepare(index_.Snapshot(), clock_.Now());
  PieceBuffer buffer(sink, piece_bytes);
  for (std::size_t m = 0; m < kSampledFamilyCount; ++m) {
    const auto value = [m](const ApplicationSample& sample) { return sample.values[m]; };
    if (!WritePerApplication(buffer, input, kApplicationFamilies[m], value)) return;
  }
  if (!WriteInfo(buffer, input) || !WritePerState(buffer, input)) return;
  if (statuscope_compat_) {
    const auto value = [](const ApplicationSample& sample) {
      return StatuscopeValue(sample.state);
    };
    if (!WritePerApplication(buffer, input, kApplicationFamilies[kStatuscopeFamily], value)) return;
  }
  buffer.Flush();
}

}  // namespace heartbeat
