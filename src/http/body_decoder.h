#pragma once

#include <string>

namespace heartbeat::http {

struct DecodeFailure {
  int status = 0;  // 0: decoded
  std::string sentence;
};

// Replaces a body in `encoding` (gzip, deflate or br) by its decoded bytes,
// stopping as soon as they pass `limit` (413): a 1.6 KiB brotli bomb costs
// `limit` bytes and the time to inflate them, never its gigabyte.
DecodeFailure DecodeBody(const std::string& encoding, std::string& body, std::size_t limit);

}  // namespace heartbeat::http
