#include "heartbeat/log/logging.h"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "heartbeat/core/clock.h"
#include "heartbeat/core/timestamp.h"

namespace heartbeat {

namespace {

std::atomic<LogLevel> g_level{LogLevel::kInfo};
std::atomic<LogFormat> g_format{LogFormat::kLogfmt};

const char* LevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug:
      return "debug";
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kWarn:
      return "warn";
    case LogLevel::kError:
      return "error";
  }
  return "info";
}

// spdlog's stderr sink serializes whole lines across threads; the line itself is ours.
spdlog::logger& Sink() {
  static auto logger = [] {
    auto created = std::make_shared<spdlog::logger>(
        "heartbeat", std::make_shared<spdlog::sinks::stderr_sink_mt>());
    created->set_pattern("%v");
    created->set_level(spdlog::level::trace);
    return created;
  }();
  return *logger;
}

std::string LogfmtValue(const std::string& value) {
  const bool plain = !value.empty() && value.find_first_of(" \"=\\\n\t") == std::string::npos;
  if (plain) return value;
  std::string quoted = "\"";
  for (char c : value) {
    if (c == '"' || c == '\\') quoted += '\\';
    if (c == '\n') {
      quoted += "\\n";
      continue;
    }
    quoted += c;
  }
  return quoted + "\"";
}

}  // namespace

LogLevel ParseLogLevel(const std::string& name) {
  if (name == "debug") return LogLevel::kDebug;
  if (name == "info") return LogLevel::kInfo;
  if (name == "warn") return LogLevel::kWarn;
  if (name == "error") return LogLevel::kError;
  throw std::invalid_argument("--log.level must be debug, info, warn or error, not \"" + name +
                              "\"");
}

LogFormat ParseLogFormat(const std::string& name) {
  if (name == "logfmt") return LogFormat::kLogfmt;
  if (name == "json") return LogFormat::kJson;
  throw std::invalid_argument("--log.format must be logfmt or json, not \"" + name + "\"");
}

void ConfigureLogging(LogLevel level, LogFormat format) {
  g_level = level;
  g_format = format;
}

void Log(LogLevel level, const std::string& message, std::initializer_list<LogField> fields) {
  if (level < g_level.load()) return;
  Log(level, message, std::vector<LogField>(fields));
}

void Log(LogLevel level, const std::string& message, const std::vector<LogField>& fields) {
  if (level < g_level.load()) return;
  const std::string time = FormatTimestamp(SystemTimeSource().Now());
  std::string line;
  if (g_format.load() == LogFormat::kJson) {
    nlohmann::json object = {{"ts", time}, {"level", LevelName(level)}, {"msg", message}};
    for (const auto& [key, value] : fields) object[key] = value;
    line = object.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  } else {
    line = "ts=" + time + " level=" + LevelName(level) + " msg=" + LogfmtValue(message);
    for (const auto& [key, value] : fields)
      line += std::string(" ") + key + "=" + LogfmtValue(value);
  }
  Sink().info(line);
}

}  // namespace heartbeat
