#pragma once

#include <cstddef>
#include <istream>
#include <optional>
#include <string>
#include <string_view>

// Small text helpers used by every module. ASCII only on purpose: names,
// schemes, statuses and cron words are ASCII, and a locale must never change
// what a request means.
namespace heartbeat {

std::string ToLower(std::string_view text);
std::string ToUpper(std::string_view text);
bool StartsWith(std::string_view text, std::string_view prefix);
bool IsAsciiSpace(char c);
// Without leading and trailing ASCII white space.
std::string Trim(std::string_view text);
// Without trailing ASCII white space (a file's final newline, say).
std::string TrimRight(std::string_view text);

// The rest of `in`, or nullopt when it holds more than `max_bytes` (only
// max_bytes + 1 are ever read, so an endless device costs nothing).
std::optional<std::string> ReadAtMost(std::istream& in, std::size_t max_bytes);

// A small file that holds one secret (a token): its content without leading and
// trailing white space. Throws std::runtime_error with a sentence naming `what` and the
// path when the file cannot be read, is larger than `max_bytes`, or is empty.
// The size cap keeps `/dev/zero` or a mistyped log file from being read whole.
std::string ReadSecretFile(const std::string& path, const std::string& what,
                           std::size_t max_bytes = 4096);

}  // namespace heartbeat
