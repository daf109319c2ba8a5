#pragma once

#include <cctype>
#include <set>
#include <string>
#include <string_view>

// A checker of the Prometheus text format 0.0.4 as the exporter writes it
// (https://prometheus.io/docs/instrumenting/exposition_formats/): HELP and
// TYPE lines, then samples `name{label="value",...} value` without timestamps.
namespace fuzz {

class ExpositionLine {
 public:
  explicit ExpositionLine(std::string_view line) : line_(line) {}

  bool MetricName() {
    const std::size_t start = at_;
    while (at_ < line_.size() && (IsNameChar(line_[at_]) || line_[at_] == ':')) ++at_;
    return at_ > start && !std::isdigit(static_cast<unsigned char>(line_[start]));
  }
  bool LabelName() {
    const std::size_t start = at_;
    while (at_ < line_.size() && IsNameChar(line_[at_])) ++at_;
    return at_ > start && !std::isdigit(static_cast<unsigned char>(line_[start]));
  }
  // A quoted label value: only \\, \" and \n escapes, no raw newline.
  bool LabelValue() {
    if (!Take('"')) return false;
    while (at_ < line_.size() && line_[at_] != '"') {
      if (line_[at_] == '\\') {
        if (++at_ == line_.size() || std::string_view("\\\"n").find(line_[at_]) == npos)
          return false;
      }
      ++at_;
    }
    return Take('"');
  }
  bool Labels() {
    if (!Take('{')) return true;
    if (Take('}')) return true;
    do {
      if (!LabelName() || !Take('=') || !LabelValue()) return false;
    } while (Take(','));
    return Take('}');
  }
  // A Go ParseFloat number as the format allows it: decimal, exponent, NaN, +Inf, -Inf.
  bool Value() {
    const std::string_view rest = line_.substr(at_);
    at_ = line_.size();
    if (rest == "NaN" || rest == "+Inf" || rest == "-Inf") return true;
    std::size_t i = (!rest.empty() && (rest[0] == '-' || rest[0] == '+')) ? 1 : 0;
    const std::size_t digits_start = i;
    while (i < rest.size() && std::isdigit(static_cast<unsigned char>(rest[i]))) ++i;
    if (i < rest.size() && rest[i] == '.') ++i;
    while (i < rest.size() && std::isdigit(static_cast<unsigned char>(rest[i]))) ++i;
    if (i == digits_start || rest.substr(digits_start, i - digits_start) == ".") return false;
    if (i < rest.size() && (rest[i] == 'e' || rest[i] == 'E')) {
      ++i;
      if (i < rest.size() && (rest[i] == '-' || rest[i] == '+')) ++i;
      const std::size_t exponent_start = i;
      while (i < rest.size() && std::isdigit(static_cast<unsigned char>(rest[i]))) ++i;
      if (i == exponent_start) return false;
    }
    return i == rest.size();
  }
  bool Take(char c) {
    if (at_ >= line_.size() || line_[at_] != c) return false;
    ++at_;
    return true;
  }
  bool Take(std::string_view word) {
    if (line_.substr(at_, word.size()) != word) return false;
    at_ += word.size();
    return true;
  }
  std::string_view Rest() const { return line_.substr(at_); }
  std::string_view Parsed() const { return line_.substr(0, at_); }

 private:
  static constexpr std::size_t npos = std::string_view::npos;
  static bool IsNameChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

  std::string_view line_;
  std::size_t at_ = 0;
};

// The line as it can be printed: control bytes as \xNN.
inline std::string Printable(std::string_view raw) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (char c : raw) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte != 0x7f) {
      out += c;
    } else {
      out += "\\x";
      out += kHex[byte >> 4];
      out += kHex[byte & 15];
    }
  }
  return out;
}

// Empty when every line is valid and every sample follows its family's TYPE
// line; otherwise the first bad line and why.
inline std::string FirstInvalidExpositionLine(std::string_view text) {
  if (!text.empty() && text.back() != '\n') return "the text does not end with a newline";
  std::set<std::string, std::less<>> typed;
  for (std::size_t start = 0; start < text.size();) {
    const std::size_t end = text.find('\n', start);
    const std::string_view raw = text.substr(start, end - start);
    start = end + 1;
    ExpositionLine line(raw);
    const auto why = [raw](const char* what) { return std::string(what) + Printable(raw); };
    if (line.Take("# HELP ")) {
      if (!line.MetricName() || !line.Take(' ')) return why("bad HELP line: ");
    } else if (line.Take("# TYPE ")) {
      if (!line.MetricName()) return why("bad TYPE line: ");
      const std::string_view name = line.Parsed().substr(7);
      if (!typed.emplace(name).second) return why("second TYPE line: ");
      if (line.Rest() != " counter" && line.Rest() != " gauge") return why("bad TYPE line: ");
    } else {
      if (!line.MetricName()) return why("bad metric name: ");
      if (typed.find(line.Parsed()) == typed.end()) return why("sample before its TYPE: ");
      if (!line.Labels() || !line.Take(' ')) return why("bad label set: ");
      if (!line.Value()) return why("bad value: ");
    }
  }
  return "";
}

}  // namespace fuzz
