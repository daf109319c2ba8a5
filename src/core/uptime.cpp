#include "heartbeat/core/uptime.h"

namespace heartbeat {

Availability AvailabilityOf(State state) {
  switch (state) {
    case State::kOk:
    case State::kLate:
      return Availability::kUp;
    case State::kOutdated:
    case State::kFail:
      return Availability::kDown;
    case State::kNew:
    case State::kPaused:
      return Availability::kNotCounted;
  }
  return Availability::kNotCounted;
}

State StateAt(const std::vector<Flip>& flips, State initial, TimePoint at) {
  State state = initial;
  for (const Flip& flip : flips) {
    if (flip.at > at) break;
    state = flip.to;
  }
  return state;
}

std::optional<double> Uptime(const std::vector<Flip>& flips, State initial,
                             std::chrono::milliseconds window, TimePoint now) {
  const TimePoint start = now - window;
  State state = StateAt(flips, initial, start);
  TimePoint segment_start = start;
  long long up_ms = 0;
  long long counted_ms = 0;
  auto close_segment = [&](TimePoint end) {
    const long long length = (end - segment_start).count();
    const Availability availability = AvailabilityOf(state);
    if (availability != Availability::kNotCounted) counted_ms += length;
    if (availability == Availability::kUp) up_ms += length;
  };
  for (const Flip& flip : flips) {
    if (flip.at <= start) continue;
    if (flip.at > now) break;
    close_segment(flip.at);
    segment_start = flip.at;
    state = flip.to;
  }
  close_segment(now);
  if (counted_ms <= 0) return std::nullopt;
  return static_cast<double>(up_ms) / static_cast<double>(counted_ms);
}

}  // namespace heartbeat

namespace heartbeat {

UptimeWindows UptimeOverWindows(const std::vector<Flip>& flips, State current, TimePoint now) {
  const State initial = flips.empty() ? current : flips.front().from;
  constexpr std::chrono::milliseconds kDay = std::chrono::hours(24);
  return {Uptime(flips, initial, kDay, now), Uptime(flips, initial, 7 * kDay, now),
          Uptime(flips, initial, 30 * kDay, now)};
}

}  // namespace heartbeat
