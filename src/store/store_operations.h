#pragma once

// Private to the store: the write operations, each a WriteOp the writer runs in
// its batch. Store's public calls and StoreChangeSet build them here.

#include <cstddef>
#include <string>

#include "heartbeat/core/application.h"
#include "heartbeat/core/signal.h"
#include "store/write_context.h"

namespace heartbeat::store_operations {

// Job metrics a success carries are refused (kConflict) when they would make
// more than `job_series_limit` series across all applications.
WriteOp RecordSignal(long long application_id, Signal signal, std::size_t job_series_limit);
// The spec's schedule is compiled here, on the caller's thread; a bad one
// becomes an operation that answers kInvalid.
WriteOp CreateApplication(const ApplicationSpec& spec, const TokenHash& token_hash, bool declared);
WriteOp UpdateApplication(const std::string& name, const ApplicationSpec& spec, bool declared);
WriteOp SetPaused(const std::string& name, bool paused);
WriteOp ReplaceToken(const std::string& name, const TokenHash& token_hash);
WriteOp DeleteApplication(const std::string& name);

// Compiles the schedule of a stored spec; null for interval applications.
std::shared_ptr<const Schedule> CompileSchedule(const ApplicationSpec& spec);

}  // namespace heartbeat::store_operations
