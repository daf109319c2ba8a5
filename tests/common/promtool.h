#pragma once

#include <sys/wait.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <utility>

namespace heartbeat::testing {

// Runs the real `promtool check metrics` (Debian package prometheus) on an
// exposition; returns its exit status and output.
inline std::pair<int, std::string> PromtoolCheckMetrics(const std::string& text,
                                                        const std::string& dir) {
  const std::string input = dir + "/metrics.txt";
  std::ofstream(input, std::ios::binary) << text;
  FILE* pipe = popen(("promtool check metrics < " + input + " 2>&1").c_str(), "r");
  if (!pipe) return {-1, "cannot run promtool"};
  std::string output;
  char buffer[4096];
  while (std::fgets(buffer, sizeof(buffer), pipe)) output += buffer;
  const int status = pclose(pipe);
  return {WEXITSTATUS(status), output};
}

}  // namespace heartbeat::testing
