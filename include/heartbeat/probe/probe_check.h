#pragma once

#include <atomic>

#include "heartbeat/core/application.h"
#include "heartbeat/probe/probe_result.h"

namespace heartbeat {

// Runs one attempt of `probe` now, blocking for at most its timeout (plus name
// resolution, which has no deadline of its own): a TCP connect, or an HTTP(S)
// request with "Connection: close" whose answer must carry the expected status
// and, when it is application/health+json, not say "fail".
// `cancel`, when given and set, ends the attempt early as a failure.
ProbeResult RunProbe(const ProbeSpec& probe, const std::atomic<bool>* cancel = nullptr);

}  // namespace heartbeat
