// Cron and OnCalendar expressions (and sets of them) and time zones, as the
// API and the config file pass them to Schedule::Parse, and the next fire time
// of whatever parses.
#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <stdexcept>

#include "common/fuzz_check.h"
#include "core/calendar_expression.h"
#include "core/cron_expression.h"
#include "heartbeat/core/schedule.h"

namespace {

using heartbeat::FromMillis;
using heartbeat::Schedule;
using heartbeat::TimePoint;

// 1970 to 2200: the clocks NextAfter must handle without returning Never().
constexpr long long kSaneFirstMs = 0;
constexpr long long kSaneLastMs = 7258118400000LL;

const char* const kZones[] = {"UTC",
                              "Europe/Zurich",
                              "America/New_York",
                              "Australia/Lord_Howe",
                              "Asia/Kathmandu",
                              "Pacific/Chatham",
                              "America/Sao_Paulo"};

std::string PickZone(FuzzedDataProvider& input) {
  // Mostly real zones (DST rules are where the search is subtle), sometimes any text.
  if (input.ConsumeBool()) return input.ConsumeRandomLengthString(48);
  return kZones[input.ConsumeIntegralInRange<std::size_t>(0, std::size(kZones) - 1)];
}

// OnCalendar expressions may name years (1970-2199), so one accepted may have
// no fire left after a given time; a cron expression always has one.
bool MayEnd(const std::string& expression) {
  return expression.find(';') != std::string::npos || heartbeat::LooksLikeCalendar(expression);
}

void CheckNextAfter(const Schedule& schedule, TimePoint after) {
  const TimePoint next = schedule.NextAfter(after);
  FUZZ_CHECK(next > after, schedule.expression());
  if (next == Schedule::Never() && MayEnd(schedule.expression())) return;
  FUZZ_CHECK(next != Schedule::Never(), "a schedule Parse accepted never fires: " +
                                            schedule.expression() + " in " + schedule.timezone());
  // No fire lies between `after` and `next`.
  FUZZ_CHECK(schedule.NextAfter(next - std::chrono::milliseconds(1)) == next,
             schedule.expression());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider input(data, size);
  const std::string zone = PickZone(input);
  const long long after_ms = input.ConsumeIntegral<long long>();
  const std::string expression = input.ConsumeRemainingBytesAsString();
  try {
    heartbeat::CronExpression::Parse(expression);
  } catch (const std::invalid_argument&) {
  }
  std::shared_ptr<const Schedule> schedule;
  try {
    schedule = Schedule::Parse(expression, zone);
  } catch (const std::invalid_argument&) {
    return 0;
  }
  // Any clock at all: an answer or Never(), no crash.
  (void)schedule->NextAfter(FromMillis(after_ms));
  CheckNextAfter(*schedule, FromMillis(std::clamp(after_ms, kSaneFirstMs, kSaneLastMs)));
  return 0;
}
