// A job's own metrics in the text format (ParseJobMetrics): whatever it
// accepts is written back, and the written text parses to the same text
// again, so nothing accepted can break a scrape.
#include <string>
#include <string_view>

#include "common/fuzz_check.h"
#include "heartbeat/metrics/job_metrics.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<heartbeat::JobFamily> families;
  try {
    families = heartbeat::ParseJobMetrics(text);
  } catch (const heartbeat::JobMetricsError&) {
    return 0;
  }
  const std::string written = heartbeat::WriteJobMetrics(families);
  std::string again;
  try {
    again = heartbeat::WriteJobMetrics(heartbeat::ParseStoredJobMetrics(written));
  } catch (const heartbeat::JobMetricsError& error) {
    FUZZ_CHECK(false, std::string("written text is refused: ") + error.what());
  }
  FUZZ_CHECK(again == written, "writing is not stable: " + written);
  const std::string labelled = heartbeat::WriteJobMetrics(families, "application=\"a\",team=\"\"");
  FUZZ_CHECK(labelled.size() >= written.size(), labelled);
  return 0;
}
