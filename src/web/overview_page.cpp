// `/`: the operators' overview.
#include <array>

#include "heartbeat/version.h"
#include "heartbeat/web/html.h"
#include "heartbeat/web/pages.h"
#include "web/page_layout.h"

namespace heartbeat::web {

namespace {

// Rows rendered at most; /checks lists all (a page of 10k rows is megabytes).
constexpr std::size_t kMaxRows = 2000;

std::string MillisAttribute(const std::optional<TimePoint>& time) {
  return time ? std::to_string(ToMillis(*time)) : "";
}

std::string ShareAttribute(const std::optional<double>& share) {
  return share ? std::to_string(*share) : "-1";
}

std::string Row(const ApplicationView& view) {
  const Application& app = *view.app;
  const std::string name = Escape(app.spec.name);
  const State state = view.evaluation.state;
  std::string row = "<tr data-name=\"" + name + "\" data-team=\"" + Escape(app.spec.team) +
                    "\" data-state=\"" + StateName(state) + "\" data-order=\"" +
                    std::to_string(static_cast<int>(state)) + "\" data-checkin=\"" +
                    MillisAttribute(app.last_checkin()) + "\" data-deadline=\"" +
                    MillisAttribute(view.evaluation.deadline) + "\" data-uptime=\"" +
                    ShareAttribute(view.uptime.week) + "\">";
  row += "<td data-label=\"Application\"><a href=\"/applications/" + PathSegment(app.spec.name) +
         "\">" + name + "</a></td>";
  row += "<td data-label=\"Team\">" + Escape(app.spec.team) + "</td>";
  row += "<td data-label=\"State\">" + StateBadge(state) + "</td>";
  row += "<td data-label=\"Last check-in\">" + TimeElement(app.last_checkin(), "never") + "</td>";
  row +=
      "<td data-label=\"Next deadline\">" + TimeElement(view.evaluation.deadline, "none") + "</td>";
  row += "<td data-label=\"Uptime 1d\">" + Percent(view.uptime.day) + "</td>";
  row += "<td data-label=\"Uptime 7d\">" + Percent(view.uptime.week) + "</td>";
  row += "<td data-label=\"Uptime 30d\">" + Percent(view.uptime.month) + "</td>";
  return row + "</tr>\n";
}

std::string Summary(const std::vector<ApplicationView>& views) {
  std::array<int, kStateCount> counts{};
  for (const ApplicationView& view : views) ++counts[static_cast<int>(view.evaluation.state)];
  std::string text = std::to_string(views.size()) + " applications:";
  for (int value = 0; value < kStateCount; ++value) {
    if (counts[value] == 0) continue;
    text += " " + std::to_string(counts[value]) + " " + StateName(static_cast<State>(value)) + ",";
  }
  if (text.back() == ',') text.back() = '.';
  return "<p class=\"summary\" id=\"summary\" data-refresh>" + text + "</p>\n";
}

std::string Controls() {
  std::string html =
      "<form class=\"controls needs-script\" role=\"search\" hidden>"
      "<label for=\"filter\">Filter by name or team</label>"
      "<input id=\"filter\" type=\"search\" autocomplete=\"off\">"
      "<label for=\"state-filter\">State</label><select id=\"state-filter\">"
      "<option value=\"\">all</option>";
  for (int value = 0; value < kStateCount; ++value) {
    const std::string name = StateName(static_cast<State>(value));
    html += "<option value=\"" + name + "\">" + name + "</option>";
  }
  return html +
         "</select><label><input type=\"checkbox\" id=\"auto-refresh\" checked> "
         "Refresh every 30 s</label></form>\n"
         "<p id=\"shown\" class=\"summary needs-script\" aria-live=\"polite\" hidden></p>\n";
}

std::string Header(const char* key, const char* label) {
  return std::string("<th scope=\"col\" data-key=\"") + key + "\"><button type=\"button\">" +
         label + "</button></th>";
}

}  // namespace

std::string OverviewPage(const std::vector<ApplicationView>& views, const PageInfo& info) {
  const std::string metrics = Escape(info.telemetry_path);
  std::string page = PageStart(
      "Heartbeat Exporter", "<a href=\"" + metrics +
                                "\">Metrics</a><a href=\"/checks\">Checks (JSON)</a>"
                                "<a href=\"/-/healthy\">Healthy</a><a href=\"/-/ready\">Ready</a>");
  page += Summary(views) + Controls();
  page +=
      "<div class=\"table-wrap\"><table class=\"cards\" id=\"applications\" data-filterable "
      "data-sortable><caption>Applications</caption><thead><tr>" +
      Header("name", "Application") + Header("team", "Team") + Header("order", "State") +
      Header("checkin", "Last check-in") + Header("deadline", "Next deadline") +
      "<th scope=\"col\">Uptime 1d</th>" + Header("uptime", "Uptime 7d") +
      "<th scope=\"col\">Uptime 30d</th></tr></thead>\n"
      "<tbody id=\"applications-body\" data-refresh>\n";
  std::size_t rows = 0;
  for (const ApplicationView& view : views) {
    if (++rows > kMaxRows) break;
    page += Row(view);
  }
  page += "</tbody></table></div>\n";
  if (views.size() > kMaxRows) {
    page += "<p>Showing the first " + std::to_string(kMaxRows) +
            " applications by name; <a href=\"/checks\">/checks</a> lists all.</p>\n";
  }
  return page + PageEnd(std::string("heartbeat_exporter ") + Escape(kVersion) + " (revision " +
                        Escape(kRevision) + ")");
}

}  // namespace heartbeat::web
