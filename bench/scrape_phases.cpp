// Where the time of one GET /metrics goes, phase by phase, on a real database:
// opening the store (start-to-ready's main cost), the index snapshot, the
// streaming text writer /metrics uses (ApplicationMetricsWriter), the
// Collectable + TextSerializer path it replaced (for comparison), and the gzip
// httplib would apply. run.sh reports its line next to the HTTP
// timings so a miss points at its phase without a profiler.
//
//   scrape_phases PATH [RUNS=3]
//
// Opens PATH read-write through heartbeat::Store (exactly as the exporter
// does) but writes nothing. Prints one line of key=value pairs, medians in ms.
#include <prometheus/text_serializer.h>
#include <zlib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "heartbeat/metrics/application_metrics.h"
#include "heartbeat/metrics/collector.h"
#include "heartbeat/store/state_index.h"
#include "heartbeat/store/store.h"

namespace {

using Steady = std::chrono::steady_clock;

double MillisSince(Steady::time_point start) {
  return std::chrono::duration<double, std::milli>(Steady::now() - start).count();
}

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

// The same deflate settings as httplib's gzip compressor (level 6 default, gzip wrapper).
size_t GzipSize(const std::string& text) {
  z_stream stream{};
  deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&stream, text.size()), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  stream.avail_in = static_cast<uInt>(text.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  deflate(&stream, Z_FINISH);
  const size_t size = stream.total_out;
  deflateEnd(&stream);
  return size;
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

  auto start = Steady::now();
  heartbeat::Store store(options, clock);
  const double open_ms = MillisSince(start);
  const heartbeat::StateIndex& index = store.index();

  const heartbeat::ApplicationMetricsWriter writer(index, clock, false);
  const heartbeat::ApplicationCollector collector(index, clock, false);
  const prometheus::TextSerializer serializer;
  std::vector<double> snapshot_ms, write_ms, collect_ms, serialize_ms, gzip_ms;
  size_t bytes = 0, written_bytes = 0, gzip_bytes = 0;
  for (int r = 0; r < runs; ++r) {
    start = Steady::now();
    const auto snapshot = index.Snapshot();
    snapshot_ms.push_back(MillisSince(start));

    // The sink only counts: httplib's chunked writer sends each piece and drops it.
    start = Steady::now();
    written_bytes = 0;
    writer.Write([&written_bytes](std::string_view piece) {
      written_bytes += piece.size();
      return true;
    });
    write_ms.push_back(MillisSince(start));

    start = Steady::now();
    const auto families = collector.Collect();
    collect_ms.push_back(MillisSince(start));

    start = Steady::now();
    const std::string text = serializer.Serialize(families);
    serialize_ms.push_back(MillisSince(start));
    bytes = text.size();

    if (r == 0) {
      start = Steady::now();
      gzip_bytes = GzipSize(text);
      gzip_ms.push_back(MillisSince(start));
    }
  }
  std::printf(
      "applications=%zu open_ms=%.0f snapshot_ms=%.1f writer_ms=%.0f writer_bytes=%zu "
      "collectable_collect_ms=%.0f collectable_serialize_ms=%.0f gzip_ms=%.0f bytes=%zu "
      "gzip_bytes=%zu\n",
      index.size(), open_ms, Median(snapshot_ms), Median(write_ms), written_bytes,
      Median(collect_ms), Median(serialize_ms), Median(gzip_ms), bytes, gzip_bytes);
  return 0;
}
