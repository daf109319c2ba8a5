#pragma once

#include <httplib.h>

#include <vector>

#include "heartbeat/core/clock.h"
#include "heartbeat/store/state_index.h"

namespace heartbeat::http {

// Answers 200 with the JSON array of every application's check object, written
// in chunks of about 64 KiB as the client reads them: memory per reader is the
// snapshot's pointers plus one chunk, never the whole document (172k
// applications and four readers of /checks took 2.36 GiB when it was built
// in memory). The snapshot is taken once, so the list is consistent.
void ReplyCheckList(httplib::Response& res, std::vector<ApplicationRecord> snapshot, TimePoint now);

}  // namespace heartbeat::http
