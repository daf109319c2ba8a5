#include "metrics/number_format.h"

#include <charconv>
#include <cmath>
#include <cstdint>

namespace heartbeat {

namespace {

char* Copy(char* out, const char* text) {
  while (*text != '\0') *out++ = *text++;
  return out;
}

// std::to_chars writes "inf" and "nan"; the text format spells them +Inf, -Inf
// and NaN. A stored duration can be infinite (SQLite's REAL holds infinities).
char* General(char* out, double value) {
  if (std::isnan(value)) return Copy(out, "NaN");
  if (std::isinf(value)) return Copy(out, value < 0 ? "-Inf" : "+Inf");
  return std::to_chars(out, out + kMaxSampleValueChars, value).ptr;
}

}  // namespace

// A whole number of milliseconds below 1e15 in magnitude is the decimal
// r/1000 with at most 15 significant digits. Distinct decimals of at most 15
// significant digits are distinct doubles (DBL_DIG), so that decimal without
// trailing zeros is the only shortest text of `value`; what is left to decide
// is the notation, by the length rule of std::to_chars (a tie goes to fixed).
char* WriteSampleValue(char* out, double value) {
  if (value == 0 && !std::signbit(value)) {
    *out = '0';
    return out + 1;
  }
  const double scaled = value * 1000.0;
  if (!(std::fabs(scaled) < 1e15)) return General(out, value);  // NaN too
  // Any rounding slip here only loses the fast path: the check below is exact.
  const long long rounded = static_cast<long long>(scaled < 0 ? scaled - 0.5 : scaled + 0.5);
  if (rounded == 0 || static_cast<double>(rounded) / 1000.0 != value) return General(out, value);

  // The digits of |rounded|, at least four: the whole part, then three of fraction.
  std::uint64_t magnitude =
      rounded < 0 ? 0 - static_cast<std::uint64_t>(rounded) : static_cast<std::uint64_t>(rounded);
  char digits[20];
  char* const end = digits + sizeof digits;
  char* first = end;
  while (magnitude != 0 || end - first < 4) {
    *--first = static_cast<char>('0' + magnitude % 10);
    magnitude /= 10;
  }
  const char* const fraction = end - 3;
  const int whole_digits = static_cast<int>(fraction - first);
  int fraction_digits = 3;
  while (fraction_digits > 0 && fraction[fraction_digits - 1] == '0') --fraction_digits;

  // Significant digits and decimal exponent give the length of the scientific form.
  int significant = 0;
  int exponent = 0;
  if (*first != '0') {
    exponent = whole_digits - 1;
    significant = whole_digits + fraction_digits;
    if (fraction_digits == 0) {
      while (significant > 1 && first[significant - 1] == '0') --significant;
    }
  } else {  // 0.xyz
    int leading_zeros = 0;
    while (fraction[leading_zeros] == '0') ++leading_zeros;
    exponent = -(leading_zeros + 1);
    significant = fraction_digits - leading_zeros;
  }
  const int scientific_length =
      significant + (significant > 1 ? 1 : 0) + 2 + (std::abs(exponent) >= 100 ? 3 : 2);
  const int fixed_length = whole_digits + (fraction_digits != 0 ? 1 + fraction_digits : 0);
  if (fixed_length > scientific_length) return General(out, value);

  if (rounded < 0) *out++ = '-';
  for (const char* digit = first; digit != fraction; ++digit) *out++ = *digit;
  if (fraction_digits != 0) {
    *out++ = '.';
    for (int i = 0; i < fraction_digits; ++i) *out++ = fraction[i];
  }
  return out;
}

}  // namespace heartbeat
