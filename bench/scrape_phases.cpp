// Where the time of one GET /metrics goes, phase by phase, on a real database:
// opening the store (start-to-ready's main cost), the index snapshot, the
// streaming text writer /metrics uses (ApplicationMetricsWriter), the gzip
// scrape /metrics serves to Prometheus (writer + GzipEncoder), the zlib level 6
// stream httplib used to apply instead, and the Collectable + TextSerializer
// path the writer replaced (for comparison). run.sh reports its line next to
// the HTTP timings so a miss points at its phase without a profiler.
//
//   scrape_phases PATH [RUNS=3]
//
// Opens PATH read-write through heartbeat::Store (exactly as the exporter
// does) but writes nothing. Prints one line of key=value pairs: medians of
// this thread's CPU time in ms (*_cpu_ms; unlike wall time it hardly moves when
// other processes share the cores) and, for the store open, wall time.
#include <prometheus/text_serializer.h>
#include <zlib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "bench_cpu.h"
#include "heartbeat/metrics/application_metrics.h"
#include "heartbeat/metrics/collector.h"
#include "heartbeat/metrics/scrape.h"
#include "heartbeat/store/state_index.h"
#include "heartbeat/store/store.h"

namespace {

using Steady = std::chrono::steady_clock;

// httplib's gzip_compressor as it ran on /metrics before: zlib level 6 (its
// default), a gzip wrapper, the writer's 64 KiB pieces in with Z_NO_FLUSH.
class ZlibStream {
 public:
  ZlibStream() {
    deflateInit2(&stream_, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY);
  }
  ~ZlibStream() { deflateEnd(&stream_); }
  void Add(std::string_view piece, bool last) {
    stream_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(piece.data()));
    stream_.avail_in = static_cast<uInt>(piece.size());
    do {
      stream_.next_out = buffer_;
      stream_.avail_out = sizeof buffer_;
      deflate(&stream_, last ? Z_FINISH : Z_NO_FLUSH);
      bytes_ += sizeof buffer_ - stream_.avail_out;
    } while (stream_.avail_out == 0);
  }
  size_t bytes() const { return bytes_; }

 private:
  z_stream stream_{};
  Bytef buffer_[64 * 1024];
  size_t bytes_ = 0;
};

struct Timings {
  std::vector<double> snapshot, writer, gzip, zlib, collect, serialize;
  size_t writer_bytes = 0, gzip_bytes = 0, zlib_bytes = 0;
};

void MeasureOnce(const heartbeat::StateIndex& index,
                 const heartbeat::ApplicationMetricsWriter& writer,
                 const heartbeat::ApplicationCollector& collector, Timings& t) {
  double start = bench::ThreadCpuMs();
  const auto snapshot = index.Snapshot();
  t.snapshot.push_back(bench::ThreadCpuMs() - start);

  // The sink only counts: httplib's chunked writer sends each piece and drops it.
  start = bench::ThreadCpuMs();
  t.writer_bytes = 0;
  writer.Write([&t](std::string_view piece) {
    t.writer_bytes += piece.size();
    return true;
  });
  t.writer.push_back(bench::ThreadCpuMs() - start);

  start = bench::ThreadCpuMs();
  t.gzip_bytes = heartbeat::GzipScrape(writer, {}).size();
  t.gzip.push_back(bench::ThreadCpuMs() - start);

  start = bench::ThreadCpuMs();
  auto zlib = std::make_unique<ZlibStream>();
  writer.Write([&zlib](std::string_view piece) {
    zlib->Add(piece, false);
    return true;
  });
  zlib->Add({}, true);
  t.zlib_bytes = zlib->bytes();
  t.zlib.push_back(bench::ThreadCpuMs() - start);

  start = bench::ThreadCpuMs();
  const auto families = collector.Collect();
  t.collect.push_back(bench::ThreadCpuMs() - start);
  start = bench::ThreadCpuMs();
  const std::string text = prometheus::TextSerializer().Serialize(families);
  t.serialize.push_back(bench::ThreadCpuMs() - start);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: scrape_phases PATH [RUNS]\n");
    return 2;
  }
  const int runs = argc > 2 ? std::max(1, std::atoi(argv[2])) : 3;
  heartbeat::SystemTimeSource clock;
  heartbeat::StoreOptions options;
  options.path = argv[1];

  const auto open_start = Steady::now();
  heartbeat::Store store(options, clock);
  const double open_ms =
      std::chrono::duration<double, std::milli>(Steady::now() - open_start).count();
  const heartbeat::StateIndex& index = store.index();

  const heartbeat::ApplicationMetricsWriter writer(index, clock, false);
  const heartbeat::ApplicationCollector collector(index, clock, false);
  Timings t;
  for (int r = 0; r < runs; ++r) MeasureOnce(index, writer, collector, t);
  std::printf(
      "applications=%zu open_ms=%.0f snapshot_cpu_ms=%.1f writer_cpu_ms=%.0f writer_bytes=%zu "
      "gzip_scrape_cpu_ms=%.0f gzip_bytes=%zu zlib6_scrape_cpu_ms=%.0f zlib6_bytes=%zu "
      "collectable_collect_cpu_ms=%.0f collectable_serialize_cpu_ms=%.0f\n",
      index.size(), open_ms, bench::Median(t.snapshot), bench::Median(t.writer), t.writer_bytes,
      bench::Median(t.gzip), t.gzip_bytes, bench::Median(t.zlib), t.zlib_bytes,
      bench::Median(t.collect), bench::Median(t.serialize));
  return 0;
}
