#include "core/cron_expression.h"

#include <array>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "heartbeat/core/text.h"

namespace heartbeat {
namespace {

struct FieldSpec {
  const char* name;
  int min;
  int max;
  const char* const* names;  // three-letter names for min.., or null
  const char* names_hint;
};

constexpr const char* kMonthNames[] = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                       "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
constexpr const char* kWeekdayNames[] = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

// Day-of-week accepts 7 for Sunday, like Vixie cron; it is folded onto 0 after parsing.
constexpr std::array<FieldSpec, 5> kFields{{
    {"minute", 0, 59, nullptr, nullptr},
    {"hour", 0, 23, nullptr, nullptr},
    {"day-of-month", 1, 31, nullptr, nullptr},
    {"month", 1, 12, kMonthNames, "a name JAN-DEC"},
    {"day-of-week", 0, 7, kWeekdayNames, "a name SUN-SAT"},
}};

struct Macro {
  const char* name;
  const char* fields;
};

constexpr std::array<Macro, 7> kMacros{{{"@yearly", "0 0 1 1 *"},
                                        {"@annually", "0 0 1 1 *"},
                                        {"@monthly", "0 0 1 * *"},
                                        {"@weekly", "0 0 * * 0"},
                                        {"@daily", "0 0 * * *"},
                                        {"@midnight", "0 0 * * *"},
                                        {"@hourly", "0 * * * *"}}};

std::vector<std::string_view> Split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    const size_t end = text.find(separator, start);
    parts.push_back(text.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

std::vector<std::string_view> SplitWhitespace(std::string_view text) {
  std::vector<std::string_view> words;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && IsSpace(text[i])) ++i;
    const size_t start = i;
    while (i < text.size() && !IsSpace(text[i])) ++i;
    if (i > start) words.push_back(text.substr(start, i - start));
  }
  return words;
}

int LowestBit(uint64_t bits) { return __builtin_ctzll(bits); }

// Parses one field into a bit set; `fail` throws with the expression prefix.
class FieldParser {
 public:
  FieldParser(const FieldSpec& spec, const std::string& expression)
      : spec_(spec), expression_(expression) {}

  uint64_t Parse(std::string_view text) const {
    uint64_t bits = 0;
    for (std::string_view item : Split(text, ',')) {
      if (item.empty()) Fail("has an empty list item in \"" + std::string(text) + "\"");
      bits |= ParseItem(item);
    }
    return bits;
  }

 private:
  [[noreturn]] void Fail(const std::string& sentence) const {
    throw std::invalid_argument("schedule \"" + expression_ + "\": " + spec_.name + " " + sentence);
  }

  uint64_t ParseItem(std::string_view item) const {
    const std::vector<std::string_view> parts = Split(item, '/');
    if (parts.size() > 2) Fail("\"" + std::string(item) + "\" has more than one step (/)");
    const std::string_view base = parts[0];
    int low = spec_.min;
    int high = spec_.max;
    if (base != "*") {
      const size_t dash = base.find('-');
      if (base.empty()) Fail("\"" + std::string(item) + "\" has no value before the step (/)");
      if (dash != std::string_view::npos && (dash == 0 || dash + 1 == base.size())) {
        Fail("range \"" + std::string(base) + "\" is incomplete (write it as a-b)");
      }
      low = Value(base.substr(0, dash));
      if (dash != std::string_view::npos) {
        high = Value(base.substr(dash + 1));
        // "MON-SUN" reads naturally; Sunday closes the week as 7.
        if (spec_.max == 7 && high == 0) high = 7;
        if (high < low) {
          Fail("range " + std::string(base) + " is backwards (write it as " + std::to_string(low) +
               "-" + std::to_string(spec_.max) + "," + std::to_string(spec_.min) + "-" +
               std::to_string(high) + ")");
        }
      } else if (parts.size() == 1) {
        high = low;
      }
      // "5/10" means 5-max/10, as in cronie.
    }
    int step = 1;
    if (parts.size() == 2) {
      const std::string_view text = parts[1];
      const int step_limit = spec_.max;
      step = Number(text, step_limit + 1);
      if (step < 1 || step > step_limit) {
        Fail("step \"" + std::string(text) + "\" must be a number from 1 to " +
             std::to_string(step_limit));
      }
    }
    uint64_t bits = 0;
    for (int value = low; value <= high; value += step) bits |= uint64_t{1} << value;
    return bits;
  }

  // A decimal number, or -1 when `text` is not one (values above `cap` read as cap).
  static int Number(std::string_view text, int cap) {
    if (text.empty()) return -1;
    int value = 0;
    for (char c : text) {
      if (c < '0' || c > '9') return -1;
      value = value * 10 + (c - '0');
      if (value > cap) value = cap;
    }
    return value;
  }

  int Value(std::string_view text) const {
    const std::string quoted = "\"" + std::string(text) + "\"";
    if (text == "?") Fail("\"?\" is not supported (use *)");
    if (text == "*") Fail("\"*\" can only stand alone or before a step, as in */15");
    int value = Number(text, 1000);
    if (value < 0 && spec_.names != nullptr) {
      const std::string upper = ToUpper(text);
      const int count = spec_.max - spec_.min + 1 - (spec_.max == 7 ? 1 : 0);
      for (int i = 0; i < count; ++i) {
        if (upper == spec_.names[i]) value = spec_.min + i;
      }
      if (value < 0) {
        Fail(quoted + " is not a number " + std::to_string(spec_.min) + "-" +
             std::to_string(spec_.max) + " or " + spec_.names_hint);
      }
    }
    if (value < 0) Fail(quoted + " is not a number");
    if (value < spec_.min || value > spec_.max) {
      Fail((value == 1000 ? std::string(text) : std::to_string(value)) + " is out of range " +
           std::to_string(spec_.min) + "-" + std::to_string(spec_.max));
    }
    return value;
  }

  const FieldSpec& spec_;
  const std::string& expression_;
};

std::string MacroList() {
  std::string list;
  for (size_t i = 0; i < kMacros.size(); ++i) {
    list += (i == 0 ? "" : i + 1 == kMacros.size() ? " or " : ", ") + std::string(kMacros[i].name);
  }
  return list;
}

// The five fields a macro such as @daily stands for; throws for an unknown one.
std::vector<std::string_view> MacroFields(std::string_view word, const std::string& prefix) {
  const std::string name = ToUpper(word);
  for (const Macro& macro : kMacros) {
    if (name == ToUpper(macro.name)) return SplitWhitespace(macro.fields);
  }
  const std::string why = name == "@REBOOT" ? "@reboot has no fire times to wait for"
                                            : "unknown macro " + std::string(word);
  throw std::invalid_argument(prefix + why + " (use " + MacroList() + ")");
}

// Every (month, day) pair falls on every weekday within the 400-year Gregorian
// cycle, so a schedule can only be impossible when the day-of-month field alone
// rules out every selected month.
bool SomeMonthHasADay(uint32_t months, uint32_t days_of_month) {
  for (unsigned month = 1; month <= 12; ++month) {
    if (!((months >> month) & 1)) continue;
    // 2000 is a leap year: February gets its 29th.
    const unsigned last = unsigned((date::year{2000} / date::month{month} / date::last).day());
    const uint32_t valid = last == 31 ? 0xFFFFFFFEu : (1u << (last + 1)) - 2;
    if ((days_of_month & valid) != 0) return true;
  }
  return false;
}

}  // namespace

CronExpression CronExpression::Parse(const std::string& expression) {
  const std::string prefix = "schedule \"" + expression + "\": ";
  std::vector<std::string_view> fields = SplitWhitespace(expression);
  if (fields.empty()) {
    throw std::invalid_argument(prefix +
                                "is empty (write 5 fields such as \"*/15 * * * *\", or a macro "
                                "such as @daily)");
  }
  if (fields.size() == 1 && fields[0][0] == '@') fields = MacroFields(fields[0], prefix);
  if (fields.size() != kFields.size()) {
    throw std::invalid_argument(prefix + "has " + std::to_string(fields.size()) +
                                " fields, expected 5 (minute hour day-of-month month "
                                "day-of-week; seconds and years are not supported)");
  }
  uint64_t bits[5];
  for (size_t i = 0; i < kFields.size(); ++i) {
    bits[i] = FieldParser(kFields[i], expression).Parse(fields[i]);
  }

  CronExpression cron;
  cron.minutes_ = bits[0];
  cron.hours_ = static_cast<uint32_t>(bits[1]);
  cron.days_of_month_ = static_cast<uint32_t>(bits[2]);
  cron.months_ = static_cast<uint32_t>(bits[3]);
  cron.weekdays_ = static_cast<uint32_t>((bits[4] | (bits[4] >> 7)) & 0x7F);  // 7 is Sunday
  // Vixie cron decides by the first character: "*/2" counts as a star.
  cron.day_of_month_star_ = fields[2][0] == '*';
  cron.day_of_week_star_ = fields[4][0] == '*';
  cron.wildcard_time_ = fields[0][0] == '*' || fields[1][0] == '*';
  for (unsigned first = 0; first < 7; ++first) {
    for (unsigned day = 1; day <= 31; ++day) {
      if ((cron.weekdays_ >> ((first + day - 1) % 7)) & 1)
        cron.days_with_weekday_[first] |= 1u << day;
    }
  }

  if ((cron.day_of_month_star_ || cron.day_of_week_star_) &&
      !SomeMonthHasADay(cron.months_, cron.days_of_month_)) {
    throw std::invalid_argument(prefix + "never fires: day-of-month " + std::string(fields[2]) +
                                " does not occur in month " + std::string(fields[3]));
  }
  return cron;
}

uint32_t CronExpression::MatchingDays(date::year_month ym) const {
  const unsigned last = unsigned((ym / date::last).day());
  const uint32_t valid = last == 31 ? 0xFFFFFFFEu : (1u << (last + 1)) - 2;
  const unsigned first = date::weekday(date::sys_days(ym / 1)).c_encoding();
  const uint32_t by_weekday = days_with_weekday_[first];
  // Vixie cron: when both day fields are restricted, either may match.
  const uint32_t days = (day_of_month_star_ || day_of_week_star_) ? (days_of_month_ & by_weekday)
                                                                  : (days_of_month_ | by_weekday);
  return days & valid;
}

std::optional<LocalMinutes> CronExpression::NextMatch(LocalMinutes from, LocalMinutes limit) const {
  using std::chrono::hours;
  using std::chrono::minutes;
  date::local_days day = date::floor<date::days>(from);
  int hour = static_cast<int>(std::chrono::duration_cast<hours>(from - day).count());
  int minute = static_cast<int>((from - day - hours(hour)).count());
  while (day + hours(hour) + minutes(minute) < limit) {
    const date::year_month_day ymd(day);
    const date::year_month ym = ymd.year() / ymd.month();
    const unsigned month = unsigned(ymd.month());
    if (!((months_ >> month) & 1)) {
      const uint32_t later = months_ & ~((2u << month) - 1);
      const date::year_month next =
          later != 0 ? ymd.year() / date::month(LowestBit(later))
                     : (ymd.year() + date::years(1)) / date::month(LowestBit(months_));
      day = date::local_days(next / 1);
      hour = minute = 0;
      continue;
    }
    const unsigned day_of_month = unsigned(ymd.day());
    const uint32_t days = MatchingDays(ym) & ~((1u << day_of_month) - 1);
    if (days == 0) {
      day = date::local_days((ym + date::months(1)) / 1);
      hour = minute = 0;
      continue;
    }
    const unsigned next_day = static_cast<unsigned>(LowestBit(days));
    if (next_day != day_of_month) {
      day += date::days(next_day - day_of_month);
      hour = minute = 0;
    }
    const uint32_t later_hours = hours_ & ~((1u << hour) - 1);
    if (later_hours == 0) {
      day += date::days(1);
      hour = minute = 0;
      continue;
    }
    if (LowestBit(later_hours) != hour) {
      hour = LowestBit(later_hours);
      minute = 0;
    }
    const uint64_t later_minutes = minutes_ & ~((uint64_t{1} << minute) - 1);
    if (later_minutes == 0) {
      minute = 0;
      if (++hour == 24) {
        day += date::days(1);
        hour = 0;
      }
      continue;
    }
    const LocalMinutes match = day + hours(hour) + minutes(LowestBit(later_minutes));
    if (match >= limit) return std::nullopt;
    return match;
  }
  return std::nullopt;
}

bool CronExpression::Matches(LocalMinutes minute) const {
  return NextMatch(minute, minute + std::chrono::minutes(1)).has_value();
}

}  // namespace heartbeat
