#include "core/calendar_expression.h"

#include <date/tz.h>

#include <array>
#include <cctype>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "heartbeat/core/text.h"

namespace heartbeat {
namespace {

// systemd's shorthands, expanded as systemd.time(7) lists them.
constexpr std::array<std::pair<const char*, const char*>, 9> kKeywords = {{
    {"minutely", "*-*-* *:*:00"},
    {"hourly", "*-*-* *:00:00"},
    {"daily", "*-*-* 00:00:00"},
    {"monthly", "*-*-01 00:00:00"},
    {"weekly", "Mon *-*-* 00:00:00"},
    {"yearly", "*-01-01 00:00:00"},
    {"annually", "*-01-01 00:00:00"},
    {"quarterly", "*-01,04,07,10-01 00:00:00"},
    {"semiannually", "*-01,07-01 00:00:00"},
}};

constexpr std::array<const char*, 7> kWeekdayNames = {"sunday",   "monday", "tuesday", "wednesday",
                                                      "thursday", "friday", "saturday"};

std::vector<std::string> Split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::string part;
  std::istringstream stream(text);
  while (std::getline(stream, part, separator)) parts.push_back(part);
  if (!text.empty() && text.back() == separator) parts.emplace_back();
  return parts;
}

std::vector<std::string> Words(const std::string& text) {
  std::vector<std::string> words;
  std::istringstream stream(text);
  for (std::string word; stream >> word;) words.push_back(word);
  return words;
}

class Parser {
 public:
  explicit Parser(const std::string& expression) : expression_(expression) {}

  [[noreturn]] void Fail(const std::string& why) const {
    throw std::invalid_argument("schedule \"" + expression_ + "\": " + why);
  }

  int Number(const std::string& text, const char* field, int low, int high) const {
    if (text.empty() || text.size() > 4 || text.find_first_not_of("0123456789") != text.npos) {
      Fail(std::string(field) + " \"" + text + "\" is not a number" +
           (text.find('.') != text.npos ? " (fractional seconds are not supported)" : ""));
    }
    const int value = std::stoi(text);
    if (value < low || value > high) {
      Fail(std::string(field) + " " + text + " is out of range " + std::to_string(low) + "-" +
           std::to_string(high));
    }
    return value;
  }

  // One comma-separated component: `*`, `v`, `a..b`, each with an optional `/step`.
  // Calls set(v) for every matching value.
  template <typename Set>
  void Component(const std::string& text, const char* field, int low, int high, Set set) const {
    for (const std::string& item : Split(text, ',')) {
      if (item.find('~') != item.npos)
        Fail("\"~\" (days from the end of the month) is not supported");
      const std::size_t slash = item.find('/');
      const std::string range = item.substr(0, slash);
      int step = 1;
      if (slash != item.npos) {
        step = Number(item.substr(slash + 1), field, 1, high);
      }
      int first = low;
      int last = high;
      if (range != "*") {
        const std::size_t dots = range.find("..");
        first = Number(range.substr(0, dots), field, low, high);
        last = dots == range.npos ? (slash == item.npos ? first : high)
                                  : Number(range.substr(dots + 2), field, low, high);
        if (last < first) Fail(std::string(field) + " range " + range + " runs backwards");
      }
      for (int value = first; value <= last; value += step) set(value);
    }
  }

  static int WeekdayIndex(const std::string& name) {
    const std::string lower = ToLower(name);
    for (int day = 0; day < 7; ++day) {
      const std::string full = kWeekdayNames[day];
      if (lower == full || lower == full.substr(0, 3)) return day;
    }
    return -1;
  }

  uint32_t Weekdays(const std::string& text) const {
    uint32_t bits = 0;
    for (const std::string& item : Split(text, ',')) {
      const std::size_t dots = item.find("..");
      const int first = WeekdayIndex(item.substr(0, dots));
      const int last = dots == item.npos ? first : WeekdayIndex(item.substr(dots + 2));
      if (first < 0 || last < 0) Fail("\"" + item + "\" is not a weekday (Mon..Sun)");
      // Mon..Sun wraps through the week's end as systemd counts from Monday.
      for (int day = first;; day = (day + 1) % 7) {
        bits |= 1u << day;
        if (day == last) break;
      }
    }
    return bits;
  }

 private:
  const std::string& expression_;
};

}  // namespace

bool LooksLikeCalendar(const std::string& expression) {
  const std::string trimmed = Trim(expression);
  if (trimmed.empty() || trimmed[0] == '@') return false;
  const std::vector<std::string> words = Words(trimmed);
  for (const auto& [keyword, expansion] : kKeywords) {
    if (!words.empty() && ToLower(words[0]) == keyword) return true;
  }
  return trimmed.find(':') != trimmed.npos || trimmed.find("..") != trimmed.npos ||
         (words.size() != 5 && trimmed.find('-') != trimmed.npos);
}

CalendarParts SplitCalendarZone(const std::string& expression) {
  std::vector<std::string> words = Words(expression);
  if (words.size() < 2) return {Trim(expression), ""};
  const std::string& last = words.back();
  bool zone = last == "UTC";
  if (!zone && last.find(':') == last.npos && last.find("..") == last.npos) {
    try {
      zone = date::locate_zone(last) != nullptr;
    } catch (const std::exception&) {
      zone = false;
    }
  }
  if (!zone) return {Trim(expression), ""};
  const std::string calendar = Trim(expression.substr(0, expression.rfind(last)));
  return {calendar, last};
}

CalendarExpression CalendarExpression::Parse(const std::string& expression) {
  const Parser parser(expression);
  std::vector<std::string> words = Words(expression);
  if (words.size() == 1) {
    for (const auto& [keyword, expansion] : kKeywords) {
      if (ToLower(words[0]) == keyword) words = Words(expansion);
    }
  }
  if (words.empty() || words.size() > 3) parser.Fail("expected [weekdays] [date] [time]");
  CalendarExpression calendar;
  std::size_t at = 0;
  calendar.weekdays_ = 0x7f;
  if (std::isalpha(static_cast<unsigned char>(words[0][0])))
    calendar.weekdays_ = parser.Weekdays(words[at++]);
  std::string date = "*-*-*";
  std::string time = "00:00:00";
  if (at < words.size() && words[at].find(':') == std::string::npos) date = words[at++];
  if (at < words.size()) time = words[at++];
  if (at != words.size()) parser.Fail("expected [weekdays] [date] [time]");

  std::vector<std::string> date_parts = Split(date, '-');
  if (date_parts.size() == 2) date_parts.insert(date_parts.begin(), "*");
  if (date_parts.size() != 3) parser.Fail("date \"" + date + "\" must be [year-]month-day");
  parser.Component(date_parts[0], "year", kFirstYear, kLastYear,
                   [&](int v) { calendar.years_.set(v - kFirstYear); });
  parser.Component(date_parts[1], "month", 1, 12, [&](int v) { calendar.months_ |= 1u << v; });
  parser.Component(date_parts[2], "day", 1, 31, [&](int v) { calendar.days_ |= 1u << v; });

  std::vector<std::string> time_parts = Split(time, ':');
  if (time_parts.size() == 2) time_parts.push_back("00");
  if (time_parts.size() != 3) parser.Fail("time \"" + time + "\" must be hour:minute[:second]");
  parser.Component(time_parts[0], "hour", 0, 23, [&](int v) { calendar.hours_ |= 1u << v; });
  parser.Component(time_parts[1], "minute", 0, 59,
                   [&](int v) { calendar.minutes_ |= uint64_t{1} << v; });
  parser.Component(time_parts[2], "second", 0, 59,
                   [&](int v) { calendar.seconds_ |= uint64_t{1} << v; });
  return calendar;
}

bool CalendarExpression::DayMatches(date::year_month_day day) const {
  const int year = static_cast<int>(day.year());
  if (year < kFirstYear || year > kLastYear || !years_.test(year - kFirstYear)) return false;
  if ((months_ >> static_cast<unsigned>(day.month()) & 1u) == 0) return false;
  if ((days_ >> static_cast<unsigned>(day.day()) & 1u) == 0) return false;
  return (weekdays_ >> date::weekday(day).c_encoding() & 1u) != 0;
}

std::optional<int> CalendarExpression::FirstTimeFrom(int second_of_day) const {
  const int start_hour = second_of_day / 3600;
  const int start_minute = second_of_day / 60 % 60;
  const int start_second = second_of_day % 60;
  for (int hour = start_hour; hour < 24; ++hour) {
    if ((hours_ >> hour & 1u) == 0) continue;
    for (int minute = hour == start_hour ? start_minute : 0; minute < 60; ++minute) {
      if ((minutes_ >> minute & 1u) == 0) continue;
      const int first = hour == start_hour && minute == start_minute ? start_second : 0;
      const uint64_t candidates = seconds_ >> first << first;
      if (candidates != 0) return hour * 3600 + minute * 60 + __builtin_ctzll(candidates);
    }
  }
  return std::nullopt;
}

std::optional<LocalSeconds> CalendarExpression::NextMatch(LocalSeconds from,
                                                          LocalSeconds limit) const {
  date::local_days day = date::floor<date::days>(from);
  int second_of_day = static_cast<int>((from - day).count());
  for (; day < limit; day += date::days(1), second_of_day = 0) {
    if (!DayMatches(date::year_month_day(day))) continue;
    if (const std::optional<int> time = FirstTimeFrom(second_of_day)) {
      const LocalSeconds match = day + std::chrono::seconds(*time);
      return match < limit ? std::optional<LocalSeconds>(match) : std::nullopt;
    }
  }
  return std::nullopt;
}

}  // namespace heartbeat
