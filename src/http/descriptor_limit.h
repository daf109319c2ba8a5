#pragma once

#include <cstddef>

namespace heartbeat::http {

// Descriptors kept free for everything but client connections: the database
// and its WAL, the log, /proc reads, a TLS CA file, headroom.
inline constexpr std::size_t kReservedDescriptors = 256;
inline constexpr std::size_t kDefaultMaxConnections = 16384;

// Raises the soft RLIMIT_NOFILE to the hard limit and returns the connection
// cap: `requested`, or for 0 the default bounded by the limit. Throws
// std::invalid_argument with a sentence when `requested` does not fit under it.
std::size_t ConnectionCapacity(std::size_t requested);

}  // namespace heartbeat::http
