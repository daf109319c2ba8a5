#pragma once

#include <string>
#include <string_view>

namespace heartbeat {

// A random (version 4, RFC 4122 variant) UUID in lower-case 8-4-4-4-12 form,
// the run id `exec` puts on its start and completion pings. Bytes come from
// OpenSSL's CSPRNG so concurrent jobs on many hosts never collide.
std::string NewUuidV4();

// True for the 8-4-4-4-12 hex form (any version), the shape healthchecks.io accepts as rid.
bool IsUuid(std::string_view text);

}  // namespace heartbeat
