#include "heartbeat/core/duration.h"

#include <array>
#include <stdexcept>
#include <string>

namespace heartbeat {
namespace {

constexpr long long kSecondsPerDay = 24 * 60 * 60;
// Every duration is later added to millisecond time points; a century keeps
// that far from overflow and is longer than any real heartbeat interval.
constexpr long long kMaxDurationMillis = kMaxDuration.count() * 1000;

struct Unit {
  const char* name;
  long long millis;
};

// Prometheus order: each unit at most once, largest first.
constexpr std::array<Unit, 7> kUnits{{{"y", 365 * kSecondsPerDay * 1000},
                                      {"w", 7 * kSecondsPerDay * 1000},
                                      {"d", kSecondsPerDay * 1000},
                                      {"h", 60 * 60 * 1000},
                                      {"m", 60 * 1000},
                                      {"s", 1000},
                                      {"ms", 1}}};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

std::string Quoted(std::string_view text) { return "\"" + std::string(text) + "\""; }

[[noreturn]] void NotADuration(std::string_view text, const std::string& why) {
  throw std::invalid_argument(Quoted(text) + " is not a duration (" + why +
                              "; use 90s, 15m, 1h30m, 1d, 1w or plain seconds)");
}

// Reads the digits at `pos`; false when the number exceeds `limit`.
bool ReadNumber(std::string_view text, size_t& pos, long long limit, long long& value) {
  value = 0;
  for (; pos < text.size() && IsDigit(text[pos]); ++pos) {
    const int digit = text[pos] - '0';
    if (value > (limit - digit) / 10) return false;
    value = value * 10 + digit;
  }
  return true;
}

}  // namespace

Seconds ParseDuration(std::string_view text) {
  if (text.empty()) NotADuration(text, "it is empty");
  if (text[0] == '-') NotADuration(text, "durations cannot be negative");
  const std::string too_long = "the longest accepted duration is 100y";
  size_t pos = 0;
  long long total_millis = 0;
  size_t next_unit = 0;  // index into kUnits: units must come in decreasing order
  while (pos < text.size()) {
    if (!IsDigit(text[pos])) NotADuration(text, "expected a number at " + Quoted(text.substr(pos)));
    long long number = 0;
    if (!ReadNumber(text, pos, kMaxDurationMillis, number)) NotADuration(text, too_long);
    if (pos == text.size()) {
      if (next_unit != 0) NotADuration(text, "the last number has no unit");
      if (number > kMaxDurationMillis / 1000) NotADuration(text, too_long);
      return Seconds(number);  // plain seconds, e.g. "3600"
    }
    size_t unit_end = pos;
    while (unit_end < text.size() && !IsDigit(text[unit_end])) ++unit_end;
    const std::string_view unit = text.substr(pos, unit_end - pos);
    size_t index = next_unit;
    while (index < kUnits.size() && unit != kUnits[index].name) ++index;
    if (index == kUnits.size()) {
      bool known = false;
      for (const Unit& u : kUnits) known = known || unit == u.name;
      NotADuration(text, known ? "units must appear once each, in the order y w d h m s ms"
                               : "unknown unit " + Quoted(unit));
    }
    if (number > kMaxDurationMillis / kUnits[index].millis) NotADuration(text, too_long);
    total_millis += number * kUnits[index].millis;
    if (total_millis > kMaxDurationMillis) NotADuration(text, too_long);
    next_unit = index + 1;
    pos = unit_end;
  }
  // Sub-second parts ("1500ms") round down: deadlines work in whole seconds.
  return Seconds(total_millis / 1000);
}

std::string FormatDuration(Seconds duration) {
  long long seconds = duration.count();
  if (seconds == 0) return "0s";
  if (seconds < 0) return "-" + FormatDuration(Seconds(-seconds));
  std::string out;
  for (const Unit& unit : kUnits) {
    const long long unit_seconds = unit.millis / 1000;
    if (unit_seconds == 0) break;
    // Like Prometheus, years and weeks only when they divide the rest exactly:
    // 8 days reads better as "8d" than "1w1d".
    const bool exact_only = unit.name[0] == 'y' || unit.name[0] == 'w';
    if (exact_only && seconds % unit_seconds != 0) continue;
    if (seconds >= unit_seconds) {
      out += std::to_string(seconds / unit_seconds) + unit.name;
      seconds %= unit_seconds;
    }
  }
  return out;
}

long long ParseByteSize(std::string_view text) {
  const std::string usage = " (use a whole number of bytes or a unit: 512, 10KB, 100KiB, 1MiB)";
  if (text.empty()) throw std::invalid_argument("\"\" is not a byte size: it is empty" + usage);
  if (text[0] == '-') {
    throw std::invalid_argument(Quoted(text) + " is not a byte size: sizes cannot be negative" +
                                usage);
  }
  size_t pos = 0;
  long long number = 0;
  constexpr long long kLimit = 1LL << 62;
  if (!ReadNumber(text, pos, kLimit, number)) {
    throw std::invalid_argument(Quoted(text) + " is too large for a byte size");
  }
  if (pos == 0) {
    throw std::invalid_argument(Quoted(text) + " is not a byte size: expected a number" + usage);
  }
  std::string unit;
  for (char c : text.substr(pos)) unit += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  struct ByteUnit {
    const char* name;
    long long factor;
  };
  static constexpr std::array<ByteUnit, 10> kByteUnits{{{"", 1},
                                                        {"b", 1},
                                                        {"kb", 1000},
                                                        {"mb", 1000 * 1000},
                                                        {"gb", 1000 * 1000 * 1000},
                                                        {"kib", 1024},
                                                        {"mib", 1024 * 1024},
                                                        {"gib", 1024 * 1024 * 1024},
                                                        {"tb", 1000LL * 1000 * 1000 * 1000},
                                                        {"tib", 1LL << 40}}};
  for (const ByteUnit& candidate : kByteUnits) {
    if (unit != candidate.name) continue;
    if (number > kLimit / candidate.factor) {
      throw std::invalid_argument(Quoted(text) + " is too large for a byte size");
    }
    return number * candidate.factor;
  }
  throw std::invalid_argument(Quoted(text) + " is not a byte size: unknown unit " +
                              Quoted(text.substr(pos)) + usage);
}

}  // namespace heartbeat
