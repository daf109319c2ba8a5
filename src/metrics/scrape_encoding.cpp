#include "heartbeat/metrics/scrape_encoding.h"

#include <algorithm>
#include <cctype>
#include <optional>

namespace heartbeat {

namespace {

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != b[i]) return false;
  }
  return true;
}

// qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ), in thousandths.
std::optional<int> ParseWeight(std::string_view text) {
  if (text.empty() || (text[0] != '0' && text[0] != '1')) return std::nullopt;
  int thousandths = (text[0] - '0') * 1000;
  if (text.size() == 1) return thousandths;
  if (text[1] != '.' || text.size() > 5) return std::nullopt;
  int scale = 100;
  for (char c : text.substr(2)) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    thousandths += (c - '0') * scale;
    scale /= 10;
  }
  if (thousandths > 1000) return std::nullopt;
  return thousandths;
}

// One list member: `coding *( OWS ";" OWS parameter )`; only q is a parameter here.
struct Entry {
  std::string_view coding;
  int weight = 1000;
};

std::optional<Entry> ParseEntry(std::string_view member) {
  Entry entry;
  const std::size_t semicolon = member.find(';');
  entry.coding = Trim(member.substr(0, semicolon));
  if (entry.coding.empty()) return std::nullopt;
  std::string_view parameters =
      semicolon == std::string_view::npos ? std::string_view() : member.substr(semicolon + 1);
  while (!parameters.empty()) {
    const std::size_t next = parameters.find(';');
    const std::string_view parameter = Trim(parameters.substr(0, next));
    parameters = next == std::string_view::npos ? std::string_view() : parameters.substr(next + 1);
    if (parameter.size() < 2 || std::tolower(static_cast<unsigned char>(parameter[0])) != 'q' ||
        parameter[1] != '=') {
      continue;  // not a weight: no other parameter is defined for Accept-Encoding
    }
    const std::optional<int> weight = ParseWeight(Trim(parameter.substr(2)));
    if (!weight) return std::nullopt;
    entry.weight = *weight;
  }
  return entry;
}

}  // namespace

ScrapeEncoding ChooseScrapeEncoding(std::string_view accept_encoding, bool present) {
  if (!present) return ScrapeEncoding::kIdentity;
  std::optional<int> gzip, identity, any;
  while (true) {
    const std::size_t comma = accept_encoding.find(',');
    if (const std::optional<Entry> entry = ParseEntry(accept_encoding.substr(0, comma))) {
      std::optional<int>* slot = nullptr;
      if (EqualsIgnoringCase(entry->coding, "gzip") ||
          EqualsIgnoringCase(entry->coding, "x-gzip")) {
        slot = &gzip;
      } else if (EqualsIgnoringCase(entry->coding, "identity")) {
        slot = &identity;
      } else if (entry->coding == "*") {
        slot = &any;
      }
      // The most favourable of repeated entries counts.
      if (slot) *slot = std::max(slot->value_or(0), entry->weight);
    }
    if (comma == std::string_view::npos) break;
    accept_encoding.remove_prefix(comma + 1);
  }
  const int gzip_weight = gzip.value_or(any.value_or(0));
  const bool identity_acceptable = identity ? *identity > 0 : !(any && *any == 0);
  if (gzip_weight > 0 && (!identity || gzip_weight >= *identity)) return ScrapeEncoding::kGzip;
  if (identity_acceptable) return ScrapeEncoding::kIdentity;
  return ScrapeEncoding::kNotAcceptable;
}

}  // namespace heartbeat
