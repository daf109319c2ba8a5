#pragma once

// Names and tokens of the synthetic applications, shared by every bench tool
// and mirrored in lua/common.lua, so a load can address application i without
// a lookup file: app-000042 has token 00000000-0000-4000-8000-000000000042.
#include <cstdio>
#include <string>

namespace bench {

inline std::string AppName(long i) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "app-%06ld", i);
  return buf;
}

inline std::string AppToken(long i) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "00000000-0000-4000-8000-%012ld", i);
  return buf;
}

// 100 teams: a realistic label cardinality for the `team` label.
inline std::string AppTeam(long i) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "team-%02ld", i % 100);
  return buf;
}

}  // namespace bench
