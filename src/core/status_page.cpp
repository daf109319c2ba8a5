#include "heartbeat/core/status_page.h"

#include "heartbeat/core/application.h"
#include "heartbeat/core/validation.h"

namespace heartbeat {

namespace {

constexpr std::size_t kMaxSlug = 64;
constexpr std::size_t kMaxTitleBytes = 200;

bool IsSlugCharacter(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

}  // namespace

std::string CheckStatusPageSlug(const std::string& slug) {
  bool valid = !slug.empty() && slug.size() <= kMaxSlug && IsSlugCharacter(slug[0]);
  for (const char c : slug) valid = valid && (IsSlugCharacter(c) || c == '-');
  if (valid) return "";
  return "\"" + slug.substr(0, kMaxSlug) +
         "\" is not a valid slug (use 1 to 64 of a-z, 0-9 and '-', starting with a letter or "
         "digit)";
}

std::string CheckStatusPage(const StatusPageSpec& page) {
  if (std::string why = CheckStatusPageSlug(page.slug); !why.empty()) return "slug: " + why;
  if (page.title.empty()) return "title: a status page needs a title";
  if (std::string why = CheckLabelValue(page.title, kMaxTitleBytes); !why.empty()) {
    return "title: " + why;
  }
  if (page.applications.empty() && page.teams.empty()) {
    return "a status page lists applications or teams (or both); this one lists neither";
  }
  for (const std::string& name : page.applications) {
    if (!IsValidApplicationName(name)) {
      return "applications: \"" + name.substr(0, 64) + "\" is not a valid application name";
    }
  }
  for (const std::string& team : page.teams) {
    if (team.empty()) return "teams: a team name must not be empty";
    if (std::string why = CheckTeam(team); !why.empty()) return "teams: " + why;
  }
  return "";
}

}  // namespace heartbeat
