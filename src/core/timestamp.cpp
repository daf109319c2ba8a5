#include "heartbeat/core/timestamp.h"

#include <date/date.h>

#include <cctype>
#include <cstdio>

namespace heartbeat {

namespace {

// `count` decimal digits of `value` (0 <= value < 10^count) at `out`.
char* PutDigits(char* out, int value, int count) {
  for (int i = count - 1; i >= 0; --i) {
    out[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  return out + count;
}

}  // namespace

// Hand-rolled: date::format goes through an ostream, and even snprintf was a
// visible share of a signal's CPU time (every answer carries several timestamps).
std::string FormatTimestamp(TimePoint time) {
  const auto days = date::floor<date::days>(time);
  const date::year_month_day ymd(days);
  const date::hh_mm_ss<std::chrono::milliseconds> clock(time - days);
  const int year = static_cast<int>(ymd.year());
  const int hours = static_cast<int>(clock.hours().count());
  const int minutes = static_cast<int>(clock.minutes().count());
  const int seconds = static_cast<int>(clock.seconds().count());
  const int millis = static_cast<int>(clock.subseconds().count());
  const auto month = static_cast<unsigned>(ymd.month());
  const auto day = static_cast<unsigned>(ymd.day());
  char text[32];
  if (year < 0 || year > 9999) {  // printf's %04d writes these as it always did
    const int length = std::snprintf(text, sizeof(text), "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ",
                                     year, month, day, hours, minutes, seconds, millis);
    return std::string(text, static_cast<std::size_t>(length));
  }
  char* out = PutDigits(text, year, 4);
  *out++ = '-';
  out = PutDigits(out, static_cast<int>(month), 2);
  *out++ = '-';
  out = PutDigits(out, static_cast<int>(day), 2);
  *out++ = 'T';
  out = PutDigits(out, hours, 2);
  *out++ = ':';
  out = PutDigits(out, minutes, 2);
  *out++ = ':';
  out = PutDigits(out, seconds, 2);
  *out++ = '.';
  out = PutDigits(out, millis, 3);
  *out++ = 'Z';
  return std::string(text, out);
}

namespace {

// Exactly `count` decimal digits at `at`: sscanf's %2d would also take "9",
// " 9" and "-1", so "T-1:00:00Z" parsed as an hour before midnight.
bool ReadDigits(std::string_view text, std::size_t at, std::size_t count, int& value) {
  if (at + count > text.size()) return false;
  value = 0;
  for (std::size_t i = at; i < at + count; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return false;
    value = value * 10 + (text[i] - '0');
  }
  return true;
}

}  // namespace

// Hand-rolled rather than date::parse: the latter's template trips
// -Wmaybe-uninitialized under -O2 in g++ 12.
std::optional<TimePoint> ParseTimestamp(std::string_view text) {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!ReadDigits(text, 0, 4, year) || text.substr(4, 1) != "-" || !ReadDigits(text, 5, 2, month) ||
      text.substr(7, 1) != "-" || !ReadDigits(text, 8, 2, day) || text.substr(10, 1) != "T" ||
      !ReadDigits(text, 11, 2, hour) || text.substr(13, 1) != ":" ||
      !ReadDigits(text, 14, 2, minute) || text.substr(16, 1) != ":" ||
      !ReadDigits(text, 17, 2, second)) {
    return std::nullopt;
  }
  long long millis = 0;
  std::size_t at = 19;
  if (at < text.size() && text[at] == '.') {
    long long scale = 100;
    for (++at; at < text.size() && std::isdigit(static_cast<unsigned char>(text[at])); ++at) {
      millis += (text[at] - '0') * scale;
      scale /= 10;
    }
  }
  if (at >= text.size() || text[at] != 'Z' || at + 1 != text.size()) return std::nullopt;
  const date::year_month_day ymd{date::year(year), date::month(static_cast<unsigned>(month)),
                                 date::day(static_cast<unsigned>(day))};
  if (!ymd.ok() || hour > 23 || minute > 59 || second > 60) return std::nullopt;
  const auto when = date::sys_days(ymd) + std::chrono::hours(hour) + std::chrono::minutes(minute) +
                    std::chrono::seconds(second) + std::chrono::milliseconds(millis);
  // A leap second on the last day of 9999 is a time FormatTimestamp cannot write in four digits.
  if (when >= date::sys_days(date::year{10000} / 1 / 1)) return std::nullopt;
  return TimePoint(std::chrono::duration_cast<std::chrono::milliseconds>(when.time_since_epoch()));
}

}  // namespace heartbeat
