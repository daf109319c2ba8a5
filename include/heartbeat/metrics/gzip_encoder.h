#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace heartbeat {

// Compresses text fed in pieces into one gzip member (RFC 1952) with ISA-L's
// igzip. Chosen for /metrics by measurement (bench/gzip_options,
// docs/performance.md): on the 106 MB text of 100k applications it needs less
// than a seventh of zlib level 6's CPU (httplib's choice) for a 6 % larger output,
// and unlike independently compressed chunks sent as concatenated gzip members
// its output is one ordinary gzip stream that every client decodes (curl 7.88's
// --compressed fails with error 23 after a first member).
class GzipEncoder {
 public:
  GzipEncoder();
  ~GzipEncoder();
  GzipEncoder(const GzipEncoder&) = delete;
  GzipEncoder& operator=(const GzipEncoder&) = delete;

  void Append(std::string_view text);
  // Ends the member and hands over all of it; the encoder is spent afterwards.
  std::string Finish();

 private:
  struct Stream;
  std::unique_ptr<Stream> stream_;
};

}  // namespace heartbeat
