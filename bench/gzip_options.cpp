// The measurement behind the choice of /metrics' gzip encoder: every candidate
// compresses the exporter's real scrape text (ApplicationMetricsWriter on a
// seeded database), fed in the writer's pieces, and is timed on this thread's
// CPU clock; each output is inflated again and compared with the text byte for
// byte (multi-member outputs through zlib, member by member).
//
//   gzip_options PATH [RUNS=3]
//
// Prints one line per candidate: name cpu_ms (median) MB/s bytes ratio members.
#include <isa-l/igzip_lib.h>
#include <libdeflate.h>
#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

#include "bench_cpu.h"
#include "heartbeat/metrics/application_metrics.h"
#include "heartbeat/store/state_index.h"
#include "heartbeat/store/store.h"

namespace {

using Pieces = std::vector<std::string>;
struct Output {
  std::string bytes;
  int members = 1;
};

// httplib's gzip_compressor: one zlib stream, pieces in with Z_NO_FLUSH.
Output Zlib(const Pieces& pieces, int level) {
  z_stream stream{};
  deflateInit2(&stream, level, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY);
  Output out;
  std::string buffer(256 * 1024, '\0');
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(pieces[i].data()));
    stream.avail_in = static_cast<uInt>(pieces[i].size());
    const int flush = i + 1 == pieces.size() ? Z_FINISH : Z_NO_FLUSH;
    do {
      stream.next_out = reinterpret_cast<Bytef*>(buffer.data());
      stream.avail_out = static_cast<uInt>(buffer.size());
      deflate(&stream, flush);
      out.bytes.append(buffer.data(), buffer.size() - stream.avail_out);
    } while (stream.avail_out == 0);
  }
  deflateEnd(&stream);
  return out;
}

// ISA-L: one gzip stream, pieces in with NO_FLUSH, the last with end_of_stream.
Output Isal(const Pieces& pieces, int level) {
  static const uint32_t kLevelBuf[] = {0, ISAL_DEF_LVL1_DEFAULT, ISAL_DEF_LVL2_DEFAULT,
                                       ISAL_DEF_LVL3_DEFAULT};
  std::vector<uint8_t> level_buf(kLevelBuf[level]);
  isal_zstream stream{};
  isal_deflate_init(&stream);
  stream.level = level;
  stream.level_buf = level_buf.empty() ? nullptr : level_buf.data();
  stream.level_buf_size = static_cast<uint32_t>(level_buf.size());
  stream.gzip_flag = IGZIP_GZIP;
  Output out;
  std::string buffer(256 * 1024, '\0');
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    stream.next_in = reinterpret_cast<uint8_t*>(const_cast<char*>(pieces[i].data()));
    stream.avail_in = static_cast<uint32_t>(pieces[i].size());
    stream.end_of_stream = i + 1 == pieces.size();
    do {
      stream.next_out = reinterpret_cast<uint8_t*>(buffer.data());
      stream.avail_out = static_cast<uint32_t>(buffer.size());
      if (isal_deflate(&stream) != COMP_OK) std::abort();
      out.bytes.append(buffer.data(), buffer.size() - stream.avail_out);
    } while (stream.avail_in > 0 || stream.avail_out == 0 ||
             (stream.end_of_stream && stream.internal_state.state != ZSTATE_END));
  }
  return out;
}

// libdeflate: each piece compressed on its own, emitted as its own gzip member.
Output Libdeflate(const Pieces& pieces, int level) {
  libdeflate_compressor* compressor = libdeflate_alloc_compressor(level);
  Output out;
  out.members = static_cast<int>(pieces.size());
  std::string buffer;
  for (const std::string& piece : pieces) {
    buffer.resize(libdeflate_gzip_compress_bound(compressor, piece.size()));
    const std::size_t n = libdeflate_gzip_compress(compressor, piece.data(), piece.size(),
                                                   buffer.data(), buffer.size());
    out.bytes.append(buffer.data(), n);
  }
  libdeflate_free_compressor(compressor);
  return out;
}

// zlib inflate of one or more concatenated gzip members.
std::string Inflate(const std::string& gz) {
  std::string text;
  std::string buffer(1 << 20, '\0');
  z_stream stream{};
  inflateInit2(&stream, 31);
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gz.data()));
  stream.avail_in = static_cast<uInt>(gz.size());
  while (stream.avail_in > 0) {
    stream.next_out = reinterpret_cast<Bytef*>(buffer.data());
    stream.avail_out = static_cast<uInt>(buffer.size());
    const int result = inflate(&stream, Z_NO_FLUSH);
    text.append(buffer.data(), buffer.size() - stream.avail_out);
    if (result == Z_STREAM_END) {
      inflateReset(&stream);
    } else if (result != Z_OK) {
      break;
    }
  }
  inflateEnd(&stream);
  return text;
}

Pieces Split(const std::string& text, std::size_t piece) {
  Pieces pieces;
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t end = std::min(text.size(), at + piece);
    if (end < text.size()) end = text.find('\n', end) + 1;  // the writer cuts at line ends
    pieces.push_back(text.substr(at, end - at));
    at = end;
  }
  return pieces;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: gzip_options PATH [RUNS]\n");
    return 2;
  }
  const int runs = argc > 2 ? std::max(1, std::atoi(argv[2])) : 3;
  heartbeat::SystemTimeSource clock;
  heartbeat::StoreOptions options;
  options.path = argv[1];
  const heartbeat::Store store(options, clock);
  const heartbeat::StateIndex& index = store.index();
  std::string text;
  heartbeat::ApplicationMetricsWriter(index, clock, false).Write([&text](std::string_view piece) {
    text.append(piece);
    return true;
  });

  struct Candidate {
    std::string name;
    std::size_t piece;
    std::function<Output(const Pieces&)> run;
  };
  const std::size_t k64 = 64 * 1024, k1m = 1024 * 1024;
  const std::vector<Candidate> candidates = {
      {"zlib-6 one stream (httplib today)", k64, [](const Pieces& p) { return Zlib(p, 6); }},
      {"zlib-1 one stream", k64, [](const Pieces& p) { return Zlib(p, 1); }},
      {"libdeflate-1 members of 1 MiB", k1m, [](const Pieces& p) { return Libdeflate(p, 1); }},
      {"libdeflate-3 members of 1 MiB", k1m, [](const Pieces& p) { return Libdeflate(p, 3); }},
      {"libdeflate-6 members of 1 MiB", k1m, [](const Pieces& p) { return Libdeflate(p, 6); }},
      {"libdeflate-1 members of 256 KiB", k1m / 4,
       [](const Pieces& p) { return Libdeflate(p, 1); }},
      {"isa-l-0 one stream", k64, [](const Pieces& p) { return Isal(p, 0); }},
      {"isa-l-1 one stream", k64, [](const Pieces& p) { return Isal(p, 1); }},
      {"isa-l-2 one stream", k64, [](const Pieces& p) { return Isal(p, 2); }},
      {"isa-l-3 one stream", k64, [](const Pieces& p) { return Isal(p, 3); }},
      {"isa-l-1 one stream, 1 MiB pieces", k1m, [](const Pieces& p) { return Isal(p, 1); }},
  };
  std::printf("text_bytes=%zu applications=%zu\n", text.size(), index.size());
  for (const Candidate& candidate : candidates) {
    const Pieces pieces = Split(text, candidate.piece);
    std::vector<double> times;
    Output output;
    for (int r = 0; r < runs; ++r) {
      const double start = bench::ThreadCpuMs();
      output = candidate.run(pieces);
      times.push_back(bench::ThreadCpuMs() - start);
    }
    const double ms = bench::Median(times);
    const bool identical = Inflate(output.bytes) == text;
    std::printf("%-36s cpu_ms=%6.0f MB/s=%5.0f bytes=%9zu ratio=%5.1f members=%4d %s\n",
                candidate.name.c_str(), ms, text.size() / 1e3 / ms, output.bytes.size(),
                static_cast<double>(text.size()) / output.bytes.size(), output.members,
                identical ? "identical" : "DIFFERENT");
  }
  return 0;
}
