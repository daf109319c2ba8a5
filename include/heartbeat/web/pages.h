#pragma once

#include <optional>
#include <string>
#include <vector>

#include "heartbeat/core/flip.h"
#include "heartbeat/core/state.h"
#include "heartbeat/core/uptime.h"
#include "heartbeat/store/state_index.h"
#include "heartbeat/store/store.h"

namespace heartbeat::web {

// What every page shows besides its content.
struct PageInfo {
  std::string telemetry_path = "/metrics";
  TimePoint now{};
};

// One application as the pages show it.
struct ApplicationView {
  ApplicationRecord app;
  Evaluation evaluation;
  UptimeWindows uptime;
};

// `/`: every application with state, last check-in, next deadline, uptime and
// team, with filter, sort and auto-refresh, and the exporter's own links.
std::string OverviewPage(const std::vector<ApplicationView>& views, const PageInfo& info);

// A signal on the application page; `body` only when the viewer may see bodies.
struct SignalView {
  SignalRow row;
  std::optional<std::string> body;
};

// `/applications/<name>`: schedule, state, uptime, the flips of the last 7 days
// as a timeline and a table, and the recent signals.
std::string ApplicationPage(const ApplicationView& view, const std::vector<Flip>& flips,
                            const std::vector<SignalView>& signals, bool bodies_shown,
                            const PageInfo& info);

// A public status page: names, states and uptime, nothing else.
std::string StatusPage(const std::string& title, const std::vector<ApplicationView>& views,
                       const PageInfo& info);

// An HTML page for 404s and the like, with the sentence escaped.
std::string MessagePage(const std::string& title, const std::string& sentence);

// The assets the pages link to.
const char* Stylesheet();
const char* Script();

// A part of the timeline: [start, end) in one state.
struct TimelineSegment {
  TimePoint start;
  TimePoint end;
  State state;
};
// The segments of [start, now] from the flips in time order and the state before them.
std::vector<TimelineSegment> Timeline(const std::vector<Flip>& flips, State initial,
                                      TimePoint start, TimePoint now);

}  // namespace heartbeat::web
