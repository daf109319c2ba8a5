#pragma once

#include <string>
#include <vector>

namespace heartbeat {

// A public status page (`status_pages:` in the config file): /status/<slug>
// shows the names, states and uptime of the applications listed and of every
// application of the teams listed, to anyone, without credentials.
struct StatusPageSpec {
  std::string slug;
  std::string title;
  std::vector<std::string> applications;
  std::vector<std::string> teams;
  int line = 0;  // in the config file, for messages
};

// 1 to 64 of a-z, 0-9 and '-', starting with a letter or digit: part of a URL.
std::string CheckStatusPageSlug(const std::string& slug);
// The title, applications and teams; an empty string when the page is fine.
std::string CheckStatusPage(const StatusPageSpec& page);

}  // namespace heartbeat
