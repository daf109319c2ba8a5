#pragma once

#include <prometheus/collectable.h>

#include <memory>
#include <string>
#include <vector>

#include "heartbeat/metrics/application_metrics.h"

namespace heartbeat {

using Collectables = std::vector<std::shared_ptr<prometheus::Collectable>>;

// The body of /metrics: the families rendered from the index, then the
// families of every Collectable (the exporter's own metrics, process_*).
// Nothing is cached between scrapes: each one shows what was committed when it
// started, so a signal acknowledged before a scrape is in it.

// The text, in pieces of about 64 KiB (sent as HTTP chunks, never whole in memory).
void WriteScrapeText(const ApplicationMetricsWriter& applications, const Collectables& collectables,
                     const ApplicationMetricsWriter::Sink& sink);

// The same text gzip-encoded (GzipEncoder), whole: ~5 MiB for 100k applications.
std::string GzipScrape(const ApplicationMetricsWriter& applications,
                       const Collectables& collectables);

}  // namespace heartbeat
