#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "heartbeat/core/clock.h"

// The rules every entry point applies to what a user or a network sends: the
// management API, the config file and every compatibility endpoint call these,
// so a value refused in one place is refused everywhere. Each Check returns an
// empty string when the value is fine, else a sentence about the rule broken;
// the caller names the field.
namespace heartbeat {

// A team is a label value on every per-application series: one byte too many
// is paid on every scrape, so it is short.
inline constexpr std::size_t kMaxTeamBytes = 128;
// Any other label value taken from a request or a file.
inline constexpr std::size_t kMaxLabelValueBytes = 1024;
// Imported tokens: what fits a URL path and a form field unescaped.
inline constexpr std::size_t kMinTokenLength = 8;
inline constexpr std::size_t kMaxTokenLength = 256;

bool IsValidUtf8(std::string_view text);
// The length of the UTF-8 sequence starting at text[at], or 0 when it is not a
// well-formed one (overlong forms, surrogates and code points past U+10FFFF
// included, as Prometheus's parser refuses them).
std::size_t Utf8SequenceLength(std::string_view text, std::size_t at);
// True when the sequence of `length` bytes at text[at] is C0, DEL or C1.
bool IsControlCharacter(std::string_view text, std::size_t at, std::size_t length);
// Invalid UTF-8 sequences replaced by U+FFFD, so text stored before a rule
// existed can still be written where only valid UTF-8 may go (the exposition).
std::string ToValidUtf8(std::string_view text);

// Valid UTF-8, no control characters (C0, DEL, C1), at most `max_bytes`.
std::string CheckLabelValue(std::string_view value, std::size_t max_bytes = kMaxLabelValueBytes);
std::string CheckTeam(std::string_view team);
// 0 to 100 years, the range ParseDuration accepts, whatever form it came in.
std::string CheckDuration(Seconds duration);
// 8 to 256 printable ASCII characters without / ? # % and spaces.
std::string CheckToken(std::string_view token);

}  // namespace heartbeat
