#include "heartbeat/core/job_metrics.h"

#include <array>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <set>

#include "heartbeat/core/safe_text.h"
#include "heartbeat/core/validation.h"

namespace heartbeat {
namespace {

constexpr std::array<std::string_view, 4> kReservedLabels = {"application", "team", "job",
                                                             "instance"};

bool IsNameStart(char c, bool colon) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (colon && c == ':');
}
bool IsNameChar(char c, bool colon) { return IsNameStart(c, colon) || (c >= '0' && c <= '9'); }

// The line quoted in a refusal: escaped, cut short (the sentence goes back to the client).
std::string Shown(std::string_view line, std::size_t max_chars = 40) {
  return QuotedForMessage(line, max_chars);
}

// Reads one line left to right; every Fail names the line.
class LineReader {
 public:
  LineReader(std::string_view line, std::size_t number) : line_(line), number_(number) {}

  [[noreturn]] void Fail(const std::string& reason) const {
    throw JobMetricsError(number_, reason + " in " + Shown(line_));
  }
  bool AtEnd() const { return at_ == line_.size(); }
  char Peek() const { return AtEnd() ? '\0' : line_[at_]; }
  bool Take(char c) {
    if (Peek() != c) return false;
    ++at_;
    return true;
  }
  void SkipBlanks() {
    while (Peek() == ' ' || Peek() == '\t') ++at_;
  }
  std::string Name(bool colon, const char* what) {
    const std::size_t start = at_;
    if (!IsNameStart(Peek(), colon)) Fail(std::string("expected a ") + what);
    while (IsNameChar(Peek(), colon)) ++at_;
    return std::string(line_.substr(start, at_ - start));
  }
  std::string Word() {
    const std::size_t start = at_;
    while (!AtEnd() && Peek() != ' ' && Peek() != '\t') ++at_;
    return std::string(line_.substr(start, at_ - start));
  }
  std::string Rest() {
    const std::string rest(line_.substr(at_));
    at_ = line_.size();
    return rest;
  }
  // A quoted label value with the format's three escapes.
  std::string Quoted() {
    if (!Take('"')) Fail("expected '\"' to open a label value");
    std::string value;
    while (!Take('"')) {
      if (AtEnd()) Fail("a label value is not closed");
      char c = line_[at_++];
      if (c == '\\') {
        const char escaped = AtEnd() ? '\0' : line_[at_++];
        if (escaped == 'n') {
          c = '\n';
        } else if (escaped == '\\' || escaped == '"') {
          c = escaped;
        } else {
          Fail("a label value has an unknown escape (use \\\\, \\\" or \\n)");
        }
      }
      value += c;
    }
    return value;
  }

 private:
  std::string_view line_;
  std::size_t number_;
  std::size_t at_ = 0;
};

double ParseValue(LineReader& reader, const std::string& text) {
  if (text == "+Inf" || text == "Inf") return HUGE_VAL;
  if (text == "-Inf") return -HUGE_VAL;
  if (text == "NaN") return std::nan("");
  const bool plain = !text.empty() && text.find_first_not_of("0123456789.eE+-") == text.npos;
  char* end = nullptr;
  const double value = plain ? std::strtod(text.c_str(), &end) : 0;
  if (!plain || end != text.c_str() + text.size()) {
    reader.Fail(Shown(text) + " is not a sample value");
  }
  return value;
}

void CheckLabel(LineReader& reader, const std::string& name, const std::string& value) {
  if (name.rfind("__", 0) == 0) reader.Fail("label " + name + " is reserved (\"__\" names)");
  for (std::string_view reserved : kReservedLabels) {
    if (name == reserved) reader.Fail("label " + name + " is set by the exporter or Prometheus");
  }
  if (std::string why = CheckLabelValue(value); !why.empty()) {
    reader.Fail("label " + name + " " + why);
  }
}

class Parser {
 public:
  explicit Parser(std::size_t max_series) : max_series_(max_series) {}

  void Line(std::string_view line, std::size_t number) {
    LineReader reader(line, number);
    reader.SkipBlanks();
    if (reader.AtEnd()) return;
    if (reader.Take('#')) return Comment(reader);
    Sample(reader);
  }

  std::vector<JobFamily> Families() { return std::move(families_); }

 private:
  JobFamily& FamilyFor(LineReader& reader, const std::string& name, bool for_sample) {
    for (const char* prefix : kReservedJobMetricPrefixes) {
      if (name.rfind(prefix, 0) == 0) {
        reader.Fail("metric " + name + ": names starting with " + prefix +
                    " belong to the exporter");
      }
    }
    if (!families_.empty() && families_.back().name == name) return families_.back();
    if (!seen_.insert(name).second) {
      reader.Fail("metric " + name +
                  (for_sample ? ": its samples must be together"
                              : ": HELP and TYPE come before its samples"));
    }
    families_.push_back({name, "untyped", "", {}});
    return families_.back();
  }

  void Comment(LineReader& reader) {
    reader.SkipBlanks();
    const std::string keyword = reader.Word();
    if (keyword != "HELP" && keyword != "TYPE") return;  // any other comment
    reader.SkipBlanks();
    const std::string name = reader.Name(true, "metric name");
    JobFamily& family = FamilyFor(reader, name, false);
    if (!reader.AtEnd() && !reader.Take(' ') && !reader.Take('\t')) reader.Fail("expected a space");
    reader.SkipBlanks();
    if (keyword == "TYPE") return Type(reader, family);
    Help(reader, family);
  }

  void Help(LineReader& reader, JobFamily& family) {
    const std::string help = reader.Rest();
    // The characters as sent; the length as written back, where every
    // backslash is escaped, so that stored text always reads back.
    constexpr std::size_t kAnyLength = std::numeric_limits<std::size_t>::max();
    if (std::string why = CheckLabelValue(help, kAnyLength); !why.empty()) {
      reader.Fail("HELP " + why);
    }
    family.help.clear();
    std::size_t written = 0;
    for (std::size_t i = 0; i < help.size(); ++i) {
      if (help[i] == '\\' && i + 1 < help.size() && (help[i + 1] == 'n' || help[i + 1] == '\\')) {
        family.help += help[++i] == 'n' ? '\n' : '\\';
        written += 2;
      } else {
        family.help += help[i];
        written += help[i] == '\\' ? 2 : 1;
      }
    }
    if (written > kMaxLabelValueBytes) {
      reader.Fail("HELP is " + std::to_string(written) + " bytes long written back; at most " +
                  std::to_string(kMaxLabelValueBytes) + " are allowed");
    }
  }

  void Type(LineReader& reader, JobFamily& family) {
    const std::string type = reader.Word();
    reader.SkipBlanks();
    if (!reader.AtEnd()) reader.Fail("TYPE has text after the type");
    if (type == "histogram" || type == "summary") {
      reader.Fail("metric " + family.name + ": histograms and summaries are not supported");
    }
    if (type != "counter" && type != "gauge" && type != "untyped") {
      reader.Fail(Shown(type) + " is not a type (counter, gauge or untyped)");
    }
    if (!family.samples.empty()) reader.Fail("metric " + family.name + ": TYPE after its samples");
    if (typed_.count(family.name) != 0) reader.Fail("metric " + family.name + ": TYPE twice");
    typed_.insert(family.name);
    family.type = type;
  }

  void Sample(LineReader& reader) {
    const std::string name = reader.Name(true, "metric name");
    JobSample sample;
    if (reader.Take('{')) sample.labels = Labels(reader);
    if (!reader.Take(' ') && !reader.Take('\t')) reader.Fail("expected a space before the value");
    reader.SkipBlanks();
    sample.value = ParseValue(reader, reader.Word());
    reader.SkipBlanks();
    if (!reader.AtEnd())
      reader.Fail("timestamps are not accepted: the exporter's scrape dates samples");
    JobFamily& family = FamilyFor(reader, name, true);
    std::string key = name;
    for (const auto& [label, value] : sample.labels) key += '\0' + label + '\0' + value;
    if (!series_.insert(key).second) reader.Fail("this series was already given");
    if (series_.size() > max_series_) {
      reader.Fail("more than " + std::to_string(max_series_) + " series per application");
    }
    family.samples.push_back(std::move(sample));
  }

  std::vector<std::pair<std::string, std::string>> Labels(LineReader& reader) {
    std::vector<std::pair<std::string, std::string>> labels;
    std::set<std::string> names;
    reader.SkipBlanks();
    while (!reader.Take('}')) {
      const std::string name = reader.Name(false, "label name");
      reader.SkipBlanks();
      if (!reader.Take('=')) reader.Fail("expected '=' after label " + name);
      reader.SkipBlanks();
      std::string value = reader.Quoted();
      CheckLabel(reader, name, value);
      if (!names.insert(name).second) reader.Fail("label " + name + " appears twice");
      labels.emplace_back(name, std::move(value));
      reader.SkipBlanks();
      if (!reader.Take(',')) {
        reader.SkipBlanks();
        if (!reader.Take('}')) reader.Fail("expected ',' or '}' in the label set");
        break;
      }
      reader.SkipBlanks();
    }
    return labels;
  }

  std::size_t max_series_;
  std::vector<JobFamily> families_;
  std::set<std::string> seen_;
  std::set<std::string> typed_;
  std::set<std::string> series_;
};

}  // namespace

JobMetricsError::JobMetricsError(std::size_t line, const std::string& reason)
    : std::invalid_argument(line == 0 ? reason : "line " + std::to_string(line) + ": " + reason),
      line_(line) {}

std::vector<JobFamily> ParseJobMetrics(std::string_view text, std::size_t max_series,
                                       std::size_t max_bytes) {
  if (text.size() > max_bytes) {
    // Said without the size: a ping body arrives cut to its last kMaxJobMetricsBytes + 1.
    throw JobMetricsError(0, "job metrics may have at most " + std::to_string(max_bytes) +
                                 " bytes; this body has more");
  }
  if (!IsValidUtf8(text)) throw JobMetricsError(0, "the body is not valid UTF-8");
  Parser parser(max_series);
  std::size_t number = 0;
  for (std::size_t start = 0; start < text.size();) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    parser.Line(text.substr(start, end - start), ++number);
    start = end + 1;
  }
  return parser.Families();
}

std::vector<JobFamily> ParseStoredJobMetrics(std::string_view text) {
  constexpr std::size_t kNoLimit = std::numeric_limits<std::size_t>::max();
  return ParseJobMetrics(text, kNoLimit, kNoLimit);
}

JobFamily ParseCronitorMetric(std::string_view parameter) {
  const std::size_t colon = parameter.find(':');
  const std::string text(parameter);
  if (colon == std::string_view::npos) {
    throw std::invalid_argument("metric " + Shown(parameter, 24) +
                                " must be name:value, as count:5");
  }
  const std::string line = text.substr(0, colon) + " " + text.substr(colon + 1);
  try {
    std::vector<JobFamily> families = ParseJobMetrics(line);
    if (families.size() == 1 && families[0].samples.size() == 1 &&
        families[0].samples[0].labels.empty()) {
      return families[0];
    }
    throw JobMetricsError(1, "one name and one number");
  } catch (const JobMetricsError& error) {
    // The reason without "line 1: " and without the line quoted again at its end.
    std::string why = error.what();
    if (error.line() != 0) {
      why = why.substr(0, why.rfind(" in \""));
      why = why.substr(why.find(": ") + 2);
    }
    throw std::invalid_argument("metric " + Shown(parameter, 24) + " is not name:value (" + why +
                                ")");
  }
}

std::size_t CountJobSeries(const std::vector<JobFamily>& families) {
  std::size_t series = 0;
  for (const JobFamily& family : families) series += family.samples.size();
  return series;
}

}  // namespace heartbeat
