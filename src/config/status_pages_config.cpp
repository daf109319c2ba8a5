#include "config/status_pages_config.h"

#include <set>

#include "heartbeat/config/config_file.h"

namespace heartbeat {

namespace {

[[noreturn]] void Fail(const YAML::Node& node, const std::string& origin, const std::string& path,
                       const std::string& sentence) {
  const YAML::Mark mark = node.Mark();
  const std::string where = mark.is_null() ? origin : origin + ":" + std::to_string(mark.line + 1);
  throw ConfigError(where + ": " + path + ": " + sentence);
}

std::vector<std::string> Strings(const YAML::Node& node, const std::string& origin,
                                 const std::string& path) {
  if (!node.IsSequence()) Fail(node, origin, path, "expected a list of names");
  std::vector<std::string> values;
  for (const YAML::Node& item : node) {
    if (!item.IsScalar()) Fail(item, origin, path, "expected a list of names");
    values.push_back(item.Scalar());
  }
  return values;
}

StatusPageSpec ReadPage(const YAML::Node& item, const std::string& origin,
                        const std::string& path) {
  if (!item.IsMap()) Fail(item, origin, path, "expected a map with slug, title and applications");
  StatusPageSpec page;
  page.line = item.Mark().is_null() ? 0 : item.Mark().line + 1;
  for (auto it = item.begin(); it != item.end(); ++it) {
    const std::string key = it->first.IsScalar() ? it->first.Scalar() : "";
    const std::string at = path + "." + key;
    if (key == "slug" || key == "title") {
      if (!it->second.IsScalar()) Fail(it->second, origin, at, "expected a value");
      (key == "slug" ? page.slug : page.title) = it->second.Scalar();
    } else if (key == "applications") {
      page.applications = Strings(it->second, origin, at);
    } else if (key == "teams") {
      page.teams = Strings(it->second, origin, at);
    } else {
      Fail(it->first, origin, path,
           "unknown key \"" + key + "\" (known keys: slug, title, applications, teams)");
    }
  }
  if (std::string why = CheckStatusPage(page); !why.empty()) Fail(item, origin, path, why);
  return page;
}

}  // namespace

std::vector<StatusPageSpec> ReadStatusPages(const YAML::Node& list, const std::string& origin) {
  std::vector<StatusPageSpec> pages;
  if (list.IsNull()) return pages;
  if (!list.IsSequence()) Fail(list, origin, "status_pages", "expected a list");
  std::set<std::string> slugs;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string path = "status_pages[" + std::to_string(i) + "]";
    StatusPageSpec page = ReadPage(list[i], origin, path);
    if (!slugs.insert(page.slug).second) {
      Fail(list[i], origin, path + ".slug", "\"" + page.slug + "\" is used by another page");
    }
    pages.push_back(std::move(page));
  }
  return pages;
}

}  // namespace heartbeat
