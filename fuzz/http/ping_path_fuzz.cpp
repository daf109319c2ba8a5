// healthchecks.io ping URLs: the request target as a client sends it,
// percent-decoded as httplib decodes the path, matched as the route matches it,
// and the rid query parameter.
#include <fuzzer/FuzzedDataProvider.h>
#include <httplib.h>

#include "common/fuzz_check.h"
#include "heartbeat/core/uuid.h"
#include "http/ping_path.h"

namespace {

using heartbeat::http::PingAction;

void CheckAction(const PingAction& action, const std::string& path) {
  if (action.outcome != PingAction::Outcome::kSignal) return;
  if (action.exit_status) {
    FUZZ_CHECK(*action.exit_status >= 0 && *action.exit_status <= 255, path);
    FUZZ_CHECK((action.kind == heartbeat::SignalKind::kOk) == (*action.exit_status == 0), path);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider input(data, size);
  const std::string rid = input.ConsumeRandomLengthString(64);
  // httplib refuses request targets longer than CPPHTTPLIB_REQUEST_URI_MAX_LENGTH.
  const std::string target = input.ConsumeRemainingBytesAsString().substr(0, 8192);
  const std::string path = httplib::detail::decode_url(target, false);
  if (const auto ping = heartbeat::http::ParsePingPath(path)) {
    FUZZ_CHECK(!ping->token.empty() && ping->token.find('/') == std::string::npos, path);
    CheckAction(ping->action, path);
  }
  if (heartbeat::IsUuid(rid)) FUZZ_CHECK(rid.size() == 36, rid);
  return 0;
}
