#pragma once

namespace heartbeat {

// The longest text WriteSampleValue writes ("-1.2345678901234567e-308").
inline constexpr int kMaxSampleValueChars = 32;

// Writes a finite `value` at `out` exactly as std::to_chars(out, end, value)
// does (the shortest text that reads back as the same double; fixed notation
// unless scientific is shorter), and the others as the text format spells
// them (+Inf, -Inf, NaN); returns the end. Most sample values are integers or
// whole milliseconds: those take integer arithmetic, ~4x faster than the
// general algorithm, when the result is provably the same; everything else
// goes through std::to_chars. `out` must have kMaxSampleValueChars free.
char* WriteSampleValue(char* out, double value);

}  // namespace heartbeat
