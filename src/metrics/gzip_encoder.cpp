#include "heartbeat/metrics/gzip_encoder.h"

#include <isa-l/igzip_lib.h>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

namespace heartbeat {

namespace {

// Level 1 of ISA-L's 0-3: on the scrape text level 0 is no faster and 70 %
// larger, level 3 five times slower (bench/gzip_options).
constexpr int kLevel = 1;
constexpr std::size_t kLevelBufferBytes = ISAL_DEF_LVL1_DEFAULT;
// The output grows by at least this much at a time (the text compresses ~20:1).
constexpr std::size_t kMinimumGrowth = 64 * 1024;

}  // namespace

struct GzipEncoder::Stream {
  isal_zstream z{};  // ~80 KiB of state, so it lives on the heap with the encoder
  std::vector<uint8_t> level_buffer = std::vector<uint8_t>(kLevelBufferBytes);
  std::string out;
  std::size_t used = 0;

  Stream() {
    isal_deflate_init(&z);
    z.level = kLevel;
    z.level_buf = level_buffer.data();
    z.level_buf_size = static_cast<uint32_t>(level_buffer.size());
    z.gzip_flag = IGZIP_GZIP;
  }

  // Runs isal_deflate until `done` holds, growing the output as needed.
  template <typename Done>
  void Deflate(std::size_t expected_growth, Done done) {
    do {
      if (out.size() - used < kMinimumGrowth / 2) {
        out.resize(used + std::max(expected_growth, kMinimumGrowth));
      }
      z.next_out = reinterpret_cast<uint8_t*>(out.data() + used);
      z.avail_out = static_cast<uint32_t>(out.size() - used);
      const int result = isal_deflate(&z);
      used = out.size() - z.avail_out;
      if (result != COMP_OK) {
        throw std::runtime_error("gzip: isal_deflate failed with code " + std::to_string(result));
      }
    } while (!done());
  }
};

GzipEncoder::GzipEncoder() : stream_(std::make_unique<Stream>()) {}
GzipEncoder::~GzipEncoder() = default;

void GzipEncoder::Append(std::string_view text) {
  // isal_deflate takes at most 4 GiB per call.
  constexpr std::size_t kMaxCall = std::size_t{1} << 30;
  while (!text.empty()) {
    const std::string_view part = text.substr(0, kMaxCall);
    text.remove_prefix(part.size());
    isal_zstream& z = stream_->z;
    z.next_in = reinterpret_cast<uint8_t*>(const_cast<char*>(part.data()));
    z.avail_in = static_cast<uint32_t>(part.size());
    z.end_of_stream = 0;
    stream_->Deflate(part.size() / 8, [&z] { return z.avail_in == 0; });
  }
}

std::string GzipEncoder::Finish() {
  isal_zstream& z = stream_->z;
  z.next_in = nullptr;
  z.avail_in = 0;
  z.end_of_stream = 1;
  stream_->Deflate(kMinimumGrowth, [&z] { return z.internal_state.state == ZSTATE_END; });
  std::string out = std::move(stream_->out);
  out.resize(stream_->used);
  return out;
}

}  // namespace heartbeat
