#include "heartbeat/core/token.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <stdexcept>

namespace heartbeat {

std::string GenerateToken() {
  unsigned char bytes[24];
  if (RAND_bytes(bytes, sizeof(bytes)) != 1) {
    throw std::runtime_error("the system random number generator failed");
  }
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string token;
  token.reserve(32);
  for (std::size_t i = 0; i < sizeof(bytes); i += 3) {
    const unsigned value = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    token.push_back(kAlphabet[(value >> 18) & 63]);
    token.push_back(kAlphabet[(value >> 12) & 63]);
    token.push_back(kAlphabet[(value >> 6) & 63]);
    token.push_back(kAlphabet[value & 63]);
  }
  return token;
}

TokenHash HashToken(std::string_view token) {
  TokenHash hash;
  SHA256(reinterpret_cast<const unsigned char*>(token.data()), token.size(), hash.data());
  return hash;
}

std::string ToHex(const TokenHash& hash) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(hash.size() * 2);
  for (unsigned char byte : hash) {
    hex.push_back(kDigits[byte >> 4]);
    hex.push_back(kDigits[byte & 15]);
  }
  return hex;
}

bool SecretsEqual(std::string_view a, std::string_view b) {
  // Compare hashes so the time taken does not depend on where the inputs differ
  // nor on the length of the secret.
  const TokenHash ha = HashToken(a);
  const TokenHash hb = HashToken(b);
  return CRYPTO_memcmp(ha.data(), hb.data(), ha.size()) == 0;
}

}  // namespace heartbeat
