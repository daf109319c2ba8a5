#pragma once

#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

namespace heartbeat {

enum class LogLevel { kDebug, kInfo, kWarn, kError };
enum class LogFormat { kLogfmt, kJson };

// Throws std::invalid_argument for unknown names.
LogLevel ParseLogLevel(const std::string& name);
LogFormat ParseLogFormat(const std::string& name);

void ConfigureLogging(LogLevel level, LogFormat format);

using LogField = std::pair<const char*, std::string>;

// One line on stderr: `ts=... level=info msg="..." key=value` (logfmt, as
// Prometheus and its exporters log) or the same as a JSON object.
void Log(LogLevel level, const std::string& message, std::initializer_list<LogField> fields = {});
void Log(LogLevel level, const std::string& message, const std::vector<LogField>& fields);

inline void LogDebug(const std::string& m, std::initializer_list<LogField> f = {}) {
  Log(LogLevel::kDebug, m, f);
}
inline void LogInfo(const std::string& m, std::initializer_list<LogField> f = {}) {
  Log(LogLevel::kInfo, m, f);
}
inline void LogWarn(const std::string& m, std::initializer_list<LogField> f = {}) {
  Log(LogLevel::kWarn, m, f);
}
inline void LogError(const std::string& m, std::initializer_list<LogField> f = {}) {
  Log(LogLevel::kError, m, f);
}

}  // namespace heartbeat
