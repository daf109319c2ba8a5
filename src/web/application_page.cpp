// `/applications/<name>`: one application's schedule, flips and recent signals.
#include <algorithm>

#include "heartbeat/core/duration.h"
#include "heartbeat/core/timestamp.h"
#include "heartbeat/web/html.h"
#include "heartbeat/web/pages.h"
#include "web/page_layout.h"

namespace heartbeat::web {

namespace {

constexpr std::chrono::hours kTimelineSpan{24 * 7};
constexpr std::size_t kFlipRows = 50;
constexpr double kTimelineWidth = 1000;

std::string Schedule(const ApplicationSpec& spec) {
  if (!spec.schedule.empty()) return Escape(spec.schedule) + " (" + Escape(spec.timezone) + ")";
  if (spec.interval.count() > 0) return "every " + Escape(FormatDuration(spec.interval));
  return "none (state only)";
}

std::string Fact(const char* term, const std::string& html) {
  return std::string("<dt>") + term + "</dt><dd>" + html + "</dd>";
}

std::string Facts(const ApplicationView& view) {
  const Application& app = *view.app;
  std::string html = "<dl class=\"facts\">";
  html += Fact("State", StateBadge(view.evaluation.state));
  html += Fact("Team", app.spec.team.empty() ? "-" : Escape(app.spec.team));
  html += Fact("Kind", app.kind());
  html += Fact("Schedule", Schedule(app.spec));
  html += Fact("Grace", Escape(FormatDuration(app.spec.grace)));
  html += Fact("Last check-in", TimeElement(app.last_checkin(), "never"));
  html += Fact("Next deadline", TimeElement(view.evaluation.deadline, "none"));
  html += Fact("Completions", std::to_string(app.signals_total) + " (" +
                                  std::to_string(app.failures_total) + " failed)");
  html += Fact("Uptime", "1 day " + Percent(view.uptime.day) + ", 7 days " +
                             Percent(view.uptime.week) + ", 30 days " + Percent(view.uptime.month));
  return html + "</dl>\n";
}

std::string TimelineSvg(const std::vector<Flip>& flips, State current, TimePoint now) {
  const TimePoint start = now - kTimelineSpan;
  const State initial = flips.empty() ? current : flips.front().from;
  const double span = static_cast<double>((now - start).count());
  std::string svg =
      "<svg class=\"timeline\" id=\"timeline\" viewBox=\"0 0 1000 20\" "
      "preserveAspectRatio=\"none\" "
      "role=\"img\" aria-labelledby=\"timeline-title\"><title id=\"timeline-title\">States over "
      "the last 7 days, oldest on the left</title>";
  for (const TimelineSegment& segment : Timeline(flips, initial, start, now)) {
    const double x = static_cast<double>((segment.start - start).count()) / span * kTimelineWidth;
    const double width =
        static_cast<double>((segment.end - segment.start).count()) / span * kTimelineWidth;
    svg += "<rect class=\"seg-" + std::string(StateName(segment.state)) + "\" data-state=\"" +
           StateName(segment.state) + "\" x=\"" + std::to_string(x) + "\" y=\"0\" width=\"" +
           std::to_string(width) + "\" height=\"20\"><title>" + StateName(segment.state) +
           " from " + FormatTimestamp(segment.start) + "</title></rect>";
  }
  return svg +
         "</svg>\n<p class=\"legend\">Green: ok or late, yellow: late, red: outdated or fail, "
         "grey: "
         "new or paused. 7 days ago on the left, now on the right.</p>\n";
}

std::string FlipTable(const std::vector<Flip>& flips) {
  std::string html =
      "<div class=\"table-wrap\"><table class=\"cards\" id=\"flips\"><caption>State changes "
      "(newest first)</caption><thead><tr><th scope=\"col\">Time</th><th scope=\"col\">From</th>"
      "<th scope=\"col\">To</th><th scope=\"col\">Why</th></tr></thead><tbody>\n";
  std::size_t rows = 0;
  for (auto it = flips.rbegin(); it != flips.rend() && rows < kFlipRows; ++it, ++rows) {
    html += "<tr><td data-label=\"Time\">" + TimeElement(it->at, "") +
            "</td><td data-label=\"From\">" + StateBadge(it->from) + "</td><td data-label=\"To\">" +
            StateBadge(it->to) + "</td><td data-label=\"Why\">" + Escape(it->reason) +
            "</td></tr>\n";
  }
  if (flips.empty()) html += "<tr><td colspan=\"4\">No state change recorded yet.</td></tr>\n";
  return html + "</tbody></table></div>\n";
}

std::string SignalRowHtml(const SignalView& signal, bool bodies_shown) {
  const SignalRow& row = signal.row;
  std::string html =
      "<tr><td data-label=\"Time\">" + TimeElement(row.received_at, "") +
      "</td><td data-label=\"Kind\">" + Escape(row.kind) + "</td><td data-label=\"Exit\">" +
      (row.exit_status ? std::to_string(*row.exit_status) : "-") + "</td><td data-label=\"From\">" +
      Escape(row.remote_address) + "</td><td data-label=\"Body\">";
  if (!bodies_shown || !signal.body) {
    html += std::to_string(row.body_size) + " bytes";
  } else if (signal.body->empty()) {
    html += "empty";
  } else {
    html += "<details><summary>" + std::to_string(row.body_size) +
            " bytes</summary><pre class=\"body\">" + Escape(*signal.body) + "</pre></details>";
  }
  return html + "</td></tr>\n";
}

std::string SignalTable(const std::vector<SignalView>& signals, bool bodies_shown) {
  std::string html =
      "<div class=\"table-wrap\"><table class=\"cards\" id=\"signals\"><caption>Recent signals"
      "</caption><thead><tr><th scope=\"col\">Time</th><th scope=\"col\">Kind</th><th "
      "scope=\"col\">Exit</th><th scope=\"col\">From</th><th scope=\"col\">Body</th></tr>"
      "</thead><tbody>\n";
  for (const SignalView& signal : signals) html += SignalRowHtml(signal, bodies_shown);
  if (signals.empty()) html += "<tr><td colspan=\"5\">No signal received yet.</td></tr>\n";
  html += "</tbody></table></div>\n";
  if (!bodies_shown) {
    html +=
        "<p class=\"legend\">Bodies are shown only to an authenticated admin (basic auth from "
        "--web.config.file, or the admin token): logs can hold secrets.</p>\n";
  }
  return html;
}

}  // namespace

std::vector<TimelineSegment> Timeline(const std::vector<Flip>& flips, State initial,
                                      TimePoint start, TimePoint now) {
  std::vector<TimelineSegment> segments;
  TimelineSegment current{start, now, StateAt(flips, initial, start)};
  for (const Flip& flip : flips) {
    if (flip.at <= start) continue;
    if (flip.at >= now) break;
    if (flip.to == current.state) continue;
    current.end = flip.at;
    segments.push_back(current);
    current = {flip.at, now, flip.to};
  }
  current.end = now;
  segments.push_back(current);
  return segments;
}

std::string ApplicationPage(const ApplicationView& view, const std::vector<Flip>& flips,
                            const std::vector<SignalView>& signals, bool bodies_shown,
                            const PageInfo& info) {
  std::string page =
      PageStart(view.app->spec.name, "<a href=\"/\">Overview</a><a href=\"" +
                                         Escape(info.telemetry_path) + "\">Metrics</a>");
  page += "<h2>Schedule and state</h2>\n" + Facts(view);
  page += "<h2>Last 7 days</h2>\n" + TimelineSvg(flips, view.evaluation.state, info.now);
  page += FlipTable(flips);
  page += "<h2>Signals</h2>\n" + SignalTable(signals, bodies_shown);
  return page + PageEnd("State at " + FormatTimestamp(info.now));
}

}  // namespace heartbeat::web
