#pragma once

#include <array>
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace heartbeat {

// SHA-256 of a token. Only this is stored; the token itself is shown once.
using TokenHash = std::array<unsigned char, 32>;

struct TokenHashHasher {
  // The value is already a uniform hash: its first bytes make a good bucket key.
  std::size_t operator()(const TokenHash& hash) const noexcept {
    std::size_t value = 0;
    for (std::size_t i = 0; i < sizeof(value); ++i) value = (value << 8) | hash[i];
    return value;
  }
};

// 192 bits from the OpenSSL CSPRNG, URL-safe base64 without padding (32 characters),
// so the token can sit in a ping URL path unescaped.
std::string GenerateToken();

TokenHash HashToken(std::string_view token);

std::string ToHex(const TokenHash& hash);

// Constant-time comparison for secrets such as the admin token.
bool SecretsEqual(std::string_view a, std::string_view b);

}  // namespace heartbeat
