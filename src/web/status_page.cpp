// `/status/<slug>`: a public status page. Names, states and uptime only: never
// tokens, bodies, teams' keys or any internal field.
#include "heartbeat/core/timestamp.h"
#include "heartbeat/web/html.h"
#include "heartbeat/web/pages.h"
#include "web/page_layout.h"

namespace heartbeat::web {

std::string StatusPage(const std::string& title, const std::vector<ApplicationView>& views,
                       const PageInfo& info) {
  bool all_up = true;
  for (const ApplicationView& view : views) {
    if (AvailabilityOf(view.evaluation.state) == Availability::kDown) all_up = false;
  }
  std::string page = PageStart(title, "");
  page += std::string("<p class=\"summary\" id=\"overall\" data-refresh>") +
          (all_up ? "All systems operational." : "Some systems are down.") + "</p>\n";
  page +=
      "<p class=\"needs-script\" hidden><label><input type=\"checkbox\" id=\"auto-refresh\" "
      "checked> Refresh every 30 s</label></p>\n"
      "<div class=\"table-wrap\"><table class=\"cards\" id=\"status\"><caption>Services"
      "</caption><thead><tr><th scope=\"col\">Service</th><th scope=\"col\">State</th>"
      "<th scope=\"col\">Uptime 1d</th><th scope=\"col\">Uptime 7d</th>"
      "<th scope=\"col\">Uptime 30d</th></tr></thead><tbody id=\"status-body\" data-refresh>\n";
  for (const ApplicationView& view : views) {
    page += "<tr data-state=\"" + std::string(StateName(view.evaluation.state)) +
            "\"><td data-label=\"Service\">" + Escape(view.app->spec.name) +
            "</td><td data-label=\"State\">" + StateBadge(view.evaluation.state) +
            "</td><td data-label=\"Uptime 1d\">" + Percent(view.uptime.day) +
            "</td><td data-label=\"Uptime 7d\">" + Percent(view.uptime.week) +
            "</td><td data-label=\"Uptime 30d\">" + Percent(view.uptime.month) + "</td></tr>\n";
  }
  if (views.empty()) page += "<tr><td colspan=\"5\">Nothing is listed on this page.</td></tr>\n";
  page += "</tbody></table></div>\n";
  return page + PageEnd("Updated " + FormatTimestamp(info.now));
}

}  // namespace heartbeat::web
