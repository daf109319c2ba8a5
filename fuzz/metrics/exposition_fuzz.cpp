// /metrics over arbitrary stored records: whatever a database row holds (names
// and teams from before validation, any times, counters and durations), the
// scrape is valid UTF-8 and every line is Prometheus text format 0.0.4.
#include <fuzzer/FuzzedDataProvider.h>

#include <limits>
#include <stdexcept>

#include "common/fuzz_check.h"
#include "heartbeat/core/validation.h"
#include "heartbeat/metrics/application_metrics.h"
#include "metrics/exposition_lines.h"

namespace {

using namespace heartbeat;

const char* const kSchedules[] = {"*/5 * * * *", "30 2 * * *", "0 0 29 2 1", "@hourly",
                                  "0 9-17 * * 1-5"};
const char* const kZones[] = {"UTC", "Europe/Zurich", "America/New_York"};

std::optional<TimePoint> MaybeTime(FuzzedDataProvider& input) {
  if (!input.ConsumeBool()) return std::nullopt;
  return FromMillis(input.ConsumeIntegral<long long>());
}

// SQLite's REAL holds infinities too (NaN reads back as NULL, but a value may come from elsewhere).
double ArbitraryDouble(FuzzedDataProvider& input) {
  switch (input.ConsumeIntegralInRange(0, 4)) {
    case 0:
      return std::numeric_limits<double>::infinity();
    case 1:
      return -std::numeric_limits<double>::infinity();
    case 2:
      return std::numeric_limits<double>::quiet_NaN();
    default:
      return input.ConsumeFloatingPoint<double>();
  }
}

void AddSchedule(FuzzedDataProvider& input, Application& app) {
  app.spec.schedule = kSchedules[input.ConsumeIntegralInRange<std::size_t>(0, 4)];
  app.spec.timezone = kZones[input.ConsumeIntegralInRange<std::size_t>(0, 2)];
  app.schedule = Schedule::Parse(app.spec.schedule, app.spec.timezone);
}

ApplicationRecord ArbitraryRecord(FuzzedDataProvider& input, long long id) {
  auto app = std::make_shared<Application>();
  app->id = id;
  app->spec.name = input.ConsumeRandomLengthString(48);
  app->spec.team = input.ConsumeRandomLengthString(48);
  if (input.ConsumeBool()) AddSchedule(input, *app);
  if (input.ConsumeBool()) app->spec.timezone = input.ConsumeRandomLengthString(16);
  app->spec.interval = Seconds(input.ConsumeIntegral<long long>());
  app->spec.grace = Seconds(input.ConsumeIntegral<long long>());
  if (input.ConsumeBool()) app->spec.probe = ProbeSpec{};
  app->paused = input.ConsumeBool();
  app->created_at = FromMillis(input.ConsumeIntegral<long long>());
  app->last_success = MaybeTime(input);
  app->last_failure = MaybeTime(input);
  app->last_start = MaybeTime(input);
  if (input.ConsumeBool()) app->last_duration_seconds = ArbitraryDouble(input);
  app->last_completion_was_failure = input.ConsumeBool();
  app->signals_total = input.ConsumeIntegral<long long>();
  app->failures_total = input.ConsumeIntegral<long long>();
  for (int runs = input.ConsumeIntegralInRange(0, 3); runs > 0; --runs) {
    app->open_runs.push_back({"", FromMillis(input.ConsumeIntegral<long long>())});
  }
  return app;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider input(data, size);
  const bool statuscope_compat = input.ConsumeBool();
  const ManualTimeSource clock(FromMillis(input.ConsumeIntegral<long long>()));
  StateIndex index;
  std::vector<StateIndex::Change> changes;
  for (long long id = 1; id <= 8 && input.remaining_bytes() > 0; ++id) {
    changes.push_back({ArbitraryRecord(input, id), 0});
  }
  index.Publish(changes);

  std::string text;
  const std::size_t piece = input.ConsumeIntegralInRange<std::size_t>(1, 4096);
  ApplicationMetricsWriter(index, clock, statuscope_compat)
      .Write(
          [&](std::string_view part) {
            FUZZ_CHECK(!part.empty() && part.back() == '\n', "a piece that does not end a line");
            text += part;
            return true;
          },
          piece);
  FUZZ_CHECK(IsValidUtf8(text), "the scrape is not valid UTF-8");
  const std::string problem = fuzz::FirstInvalidExpositionLine(text);
  FUZZ_CHECK(problem.empty(), problem);
  return 0;
}
