#include "http/network_allow_list.h"

#include <arpa/inet.h>

#include <algorithm>
#include <optional>
#include <stdexcept>

#include "heartbeat/core/text.h"

namespace heartbeat::http {

namespace {

struct Address {
  bool v6 = false;
  std::array<unsigned char, 16> bytes{};
};

// IPv4-mapped IPv6 (::ffff:a.b.c.d, what a dual-stack listener reports) is read as IPv4.
std::optional<Address> ParseAddress(const std::string& text) {
  Address address;
  if (inet_pton(AF_INET, text.c_str(), address.bytes.data()) == 1) return address;
  if (inet_pton(AF_INET6, text.c_str(), address.bytes.data()) != 1) return std::nullopt;
  static const unsigned char kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (std::equal(kMapped, kMapped + 12, address.bytes.begin())) {
    std::copy(address.bytes.begin() + 12, address.bytes.end(), address.bytes.begin());
    return address;
  }
  address.v6 = true;
  return address;
}

bool PrefixMatches(const std::array<unsigned char, 16>& a, const std::array<unsigned char, 16>& b,
                   int prefix) {
  for (int bit = 0; bit < prefix; ++bit) {
    const unsigned char mask = static_cast<unsigned char>(0x80 >> (bit % 8));
    if ((a[bit / 8] & mask) != (b[bit / 8] & mask)) return false;
  }
  return true;
}

}  // namespace

NetworkAllowList NetworkAllowList::Parse(const std::string& text, const std::string& what) {
  NetworkAllowList list;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    const std::string item = Trim(std::string_view(text).substr(start, comma - start));
    start = comma + 1;
    if (item.empty()) continue;
    const std::size_t slash = item.find('/');
    const std::optional<Address> address = ParseAddress(item.substr(0, slash));
    const auto refuse = [&] {
      return std::invalid_argument(what + " \"" + item +
                                   "\" is not a network (write it as 10.0.0.0/8 or fd00::/8)");
    };
    if (!address) throw refuse();
    Network network{address->v6, address->bytes, address->v6 ? 128 : 32};
    if (slash != std::string::npos) {
      const std::string bits = item.substr(slash + 1);
      if (bits.empty() || bits.size() > 3 ||
          bits.find_first_not_of("0123456789") != std::string::npos) {
        throw refuse();
      }
      network.prefix = std::stoi(bits);
      if (network.prefix > (address->v6 ? 128 : 32)) throw refuse();
    }
    list.networks_.push_back(network);
  }
  return list;
}

bool NetworkAllowList::Contains(const std::string& text) const {
  const std::optional<Address> address = ParseAddress(text);
  if (!address) return false;
  for (const Network& network : networks_) {
    if (network.v6 == address->v6 && PrefixMatches(network.bytes, address->bytes, network.prefix)) {
      return true;
    }
  }
  return false;
}

}  // namespace heartbeat::http
