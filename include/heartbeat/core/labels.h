#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <utility>

// Operator-chosen labels per application (`labels:`), for Alertmanager routes
// on owner, env, severity or service without recording rules
// (docs/reference.md §2.13).
namespace heartbeat {

// Sorted by name, so the exposition and the JSON are in one order.
using Labels = std::map<std::string, std::string>;

// Each label is paid on every series that carries it, on every scrape.
inline constexpr std::size_t kMaxLabels = 16;
inline constexpr std::size_t kMaxLabelNameBytes = 64;
inline constexpr std::size_t kMaxCustomLabelValueBytes = 256;

// A Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*), not one the exporter sets
// itself or Prometheus reserves. Empty when fine, else a sentence.
std::string CheckLabelName(std::string_view name);
// Every name and value, and the count. Empty when fine, else a sentence.
std::string CheckLabels(const Labels& labels);
// "key=value" as heartbeatctl's --label takes it; throws std::invalid_argument.
std::pair<std::string, std::string> ParseLabelAssignment(std::string_view text);

}  // namespace heartbeat
