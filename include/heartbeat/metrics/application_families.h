#pragma once

#include <array>
#include <cstddef>

#include "heartbeat/core/application.h"
#include "heartbeat/core/clock.h"
#include "heartbeat/core/state.h"

namespace heartbeat {

// One family the exporter renders from the index (docs/reference.md §4).
struct ApplicationFamily {
  const char* name;
  const char* help;
  bool counter;  // else a gauge
};

// Every family rendered from the index, in exposition order: the one table that
// ApplicationMetricsWriter (what /metrics serves), ApplicationCollector (the
// prometheus-cpp reference) and the bench tools read, so that names and help
// texts cannot drift apart between them.
//
// The first kSampledFamilyCount families carry one value per application
// (ApplicationSample::values, same index); the last three are indexed below.
inline constexpr std::size_t kSampledFamilyCount = 12;
inline constexpr std::size_t kInfoFamily = 12;        // heartbeat_application_info: always 1
inline constexpr std::size_t kPerStateFamily = 13;    // heartbeat_applications{state}
inline constexpr std::size_t kStatuscopeFamily = 14;  // statuscope_check_ok, only with compat on
inline constexpr std::size_t kApplicationFamilyCount = 15;
extern const std::array<ApplicationFamily, kApplicationFamilyCount> kApplicationFamilies;
// heartbeat_state_reason{reason}: written after the sampled families, before
// heartbeat_application_info; one series per application, value 1.
extern const ApplicationFamily kStateReasonFamily;

// One application's values at `now`, index-aligned with the sampled families.
struct ApplicationSample {
  State state = State::kNew;
  Reason reason = Reason::kNone;
  std::array<double, kSampledFamilyCount> values{};
};
ApplicationSample SampleApplication(const Application& app, TimePoint now);

// statuscope_check_ok: 1 ok, 2 outdated, 3 fail.
double StatuscopeValue(State state);

}  // namespace heartbeat
