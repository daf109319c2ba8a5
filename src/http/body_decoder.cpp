#include "http/body_decoder.h"

#include <httplib.h>

#include <memory>

namespace heartbeat::http {

DecodeFailure DecodeBody(const std::string& encoding, std::string& body, std::size_t limit) {
  std::unique_ptr<httplib::detail::decompressor> decompressor;
  // httplib's gzip decompressor detects the gzip or zlib header itself, so it
  // serves "deflate" (zlib-wrapped, as HTTP defines it) too.
  if (encoding == "gzip" || encoding == "x-gzip" || encoding == "deflate") {
    decompressor = std::make_unique<httplib::detail::gzip_decompressor>();
  } else if (encoding == "br") {
    decompressor = std::make_unique<httplib::detail::brotli_decompressor>();
  } else {
    return {415,
            "the Content-Encoding \"" + encoding + "\" is not supported; use gzip, deflate or br"};
  }
  if (!decompressor->is_valid()) return {500, "the decompressor could not be set up"};
  std::string decoded;
  bool over_limit = false;
  const bool ok =
      decompressor->decompress(body.data(), body.size(), [&](const char* data, std::size_t length) {
        if (decoded.size() + length > limit) {
          over_limit = true;
          return false;
        }
        decoded.append(data, length);
        return true;
      });
  if (over_limit)
    return {413,
            "the request body is larger than " + std::to_string(limit) + " bytes once decoded"};
  if (!ok) return {400, "the request body is not valid " + encoding};
  body = std::move(decoded);
  return {};
}

}  // namespace heartbeat::http
