#include "heartbeat/config/config_file.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <vector>

#include "config/status_pages_config.h"
#include "core/application_rules.h"
#include "heartbeat/core/duration.h"
#include "heartbeat/core/probe_rules.h"
#include "heartbeat/core/schedule.h"
#include "heartbeat/core/text.h"
#include "heartbeat/core/validation.h"

namespace heartbeat {
namespace {

// A token file holds one token; anything larger was named by mistake.
constexpr std::size_t kMaxTokenFileBytes = 4096;

const std::vector<std::string> kTopKeys = {"applications", "status_pages"};
const std::vector<std::string> kApplicationKeys = {"name",
                                                   "team",
                                                   "interval",
                                                   "schedule",
                                                   "timezone",
                                                   "grace",
                                                   "token_file",
                                                   "token_env",
                                                   "manual_resume",
                                                   "probe",
                                                   "success_keywords",
                                                   "failure_keywords",
                                                   "start_keywords",
                                                   "fail_when_no_keyword_matches",
                                                   "methods",
                                                   "labels",
                                                   "start_window",
                                                   "max_runtime",
                                                   "min_runtime"};
const std::vector<std::string> kProbeKeys = {
    "url",         "interval", "timeout",         "healthy_threshold", "unhealthy_threshold",
    "method",      "headers",  "expected_status", "ca_file",           "insecure_skip_verify",
    "server_name", "email"};

size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string Join(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& word : words) out += (out.empty() ? "" : ", ") + word;
  return out;
}

const char* Describe(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Map:
      return "a map";
    case YAML::NodeType::Null:
      return "nothing";
    default:
      return "a single value";
  }
}

// yaml-cpp reports a tab in indentation as "illegal block entry" or the like.
std::string TabHint(const std::string& text, const YAML::Mark& mark) {
  if (mark.is_null()) return "";
  std::istringstream lines(text);
  std::string line;
  for (int i = 0; std::getline(lines, line); ++i) {
    if (i == mark.line) break;
  }
  const size_t indent_end = line.find_first_not_of(" \t");
  if (line.substr(0, indent_end).find('\t') == std::string::npos) return "";
  return " (indent with spaces: YAML does not allow tabs)";
}

bool HasControlCharacters(const std::string& text) {
  return std::any_of(text.begin(), text.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

// A map's entries by key, with the key's own node: a null value has no useful
// position of its own, so messages about it point at the key.
struct Entry {
  YAML::Node key;
  YAML::Node value;
};

class Reader {
 public:
  explicit Reader(const std::string& origin) : origin_(origin) {}

  ConfigFile Read(const std::string& text) {
    YAML::Node root;
    try {
      root = YAML::Load(text);
    } catch (const YAML::Exception& e) {
      throw ConfigError(Where(e.mark) + "invalid YAML: " + e.msg + TabHint(text, e.mark));
    }
    ConfigFile config;
    if (root.IsNull()) return config;  // an empty file declares nothing
    if (!root.IsMap()) {
      Fail(root, "",
           std::string("expected a map with an applications list, got ") + Describe(root));
    }
    const std::map<std::string, Entry> top = Entries(root, "", kTopKeys);
    if (const auto pages = top.find("status_pages"); pages != top.end()) {
      config.status_pages = ReadStatusPages(pages->second.value, origin_);
    }
    const auto applications = top.find("applications");
    if (applications == top.end() || applications->second.value.IsNull()) return config;
    const YAML::Node& list = applications->second.value;
    if (!list.IsSequence()) {
      Fail(list, "applications", std::string("expected a list, got ") + Describe(list));
    }
    std::map<std::string, int> lines_by_name;
    for (size_t i = 0; i < list.size(); ++i) {
      const std::string path = "applications[" + std::to_string(i) + "]";
      DeclaredApplication app = ReadApplication(list[i], path);
      const auto [first, inserted] = lines_by_name.emplace(app.spec.name, app.line);
      if (!inserted) {
        Fail(list[i]["name"], path + ".name",
             "\"" + app.spec.name + "\" is already declared at line " +
                 std::to_string(first->second));
      }
      config.applications.push_back(std::move(app));
    }
    return config;
  }

 private:
  std::string Where(const YAML::Mark& mark) const {
    if (mark.is_null()) return origin_ + ": ";
    return origin_ + ":" + std::to_string(mark.line + 1) + ": ";
  }

  [[noreturn]] void Fail(const YAML::Node& node, const std::string& path,
                         const std::string& sentence) const {
    throw ConfigError(Where(node.Mark()) + (path.empty() ? "" : path + ": ") + sentence);
  }

  [[noreturn]] void Fail(const Entry& entry, const std::string& path,
                         const std::string& sentence) const {
    Fail(entry.value.IsNull() ? entry.key : entry.value, path, sentence);
  }

  std::map<std::string, Entry> Entries(const YAML::Node& map, const std::string& path,
                                       const std::vector<std::string>& known) const {
    std::map<std::string, Entry> entries;
    const std::string where = path.empty() ? "" : path + ": ";
    for (auto it = map.begin(); it != map.end(); ++it) {
      if (!it->first.IsScalar()) Fail(it->first, path, "keys must be plain words");
      const std::string key = it->first.Scalar();
      if (std::find(known.begin(), known.end(), key) == known.end()) {
        std::string hint = "known keys: " + Join(known);
        size_t closest = 3;  // suggest only near misses: at most two edits away
        for (const std::string& candidate : known) {
          const size_t distance = EditDistance(key, candidate);
          if (distance < closest) {
            closest = distance;
            hint = "did you mean \"" + candidate + "\"?";
          }
        }
        Fail(it->first, path, "unknown key \"" + key + "\" (" + hint + ")");
      }
      if (!entries.emplace(key, Entry{it->first, it->second}).second) {
        Fail(it->first, path, "key \"" + key + "\" appears twice");
      }
    }
    return entries;
  }

  std::string Scalar(const Entry& entry, const std::string& path) const {
    if (!entry.value.IsScalar()) {
      Fail(entry, path, std::string("expected a value, got ") + Describe(entry.value));
    }
    return entry.value.Scalar();
  }

  Seconds Duration(const Entry& entry, const std::string& path) const {
    const std::string text = Scalar(entry, path);
    try {
      return ParseDuration(text);
    } catch (const std::invalid_argument& e) {
      Fail(entry, path, e.what());
    }
  }

  bool Boolean(const Entry& entry, const std::string& path) const {
    const std::string text = Scalar(entry, path);
    bool value = false;
    if (!YAML::convert<bool>::decode(entry.value, value)) {
      Fail(entry, path, "expected true or false, got \"" + text + "\"");
    }
    return value;
  }

  // A list of keywords, or one comma-separated string as healthchecks.io writes them.
  std::vector<std::string> Keywords(const Entry& entry, const std::string& path) const {
    const std::string key = path.substr(path.rfind('.') + 1);  // the sentence names the key
    std::vector<std::string> keywords;
    if (entry.value.IsSequence()) {
      for (const YAML::Node& item : entry.value) {
        if (!item.IsScalar()) Fail(item, path, "expected a list of keywords (strings)");
        keywords.push_back(item.Scalar());
      }
    } else {
      keywords = SplitKeywords(Scalar(entry, path));
    }
    if (std::string why = CheckKeywords(keywords, key); !why.empty()) Fail(entry, path, why);
    return keywords;
  }

  template <typename FieldLookup, typename PathOf>
  void ReadPingFilter(const FieldLookup& field, const PathOf& at, PingFilter& filter) const {
    if (const Entry* keywords = field("success_keywords")) {
      filter.success_keywords = Keywords(*keywords, at("success_keywords"));
    }
    if (const Entry* keywords = field("failure_keywords")) {
      filter.failure_keywords = Keywords(*keywords, at("failure_keywords"));
    }
    if (const Entry* keywords = field("start_keywords")) {
      filter.start_keywords = Keywords(*keywords, at("start_keywords"));
    }
    if (const Entry* fallback = field("fail_when_no_keyword_matches")) {
      filter.fail_when_no_keyword_matches = Boolean(*fallback, at("fail_when_no_keyword_matches"));
      if (std::string why = CheckPingFilter(filter); !why.empty()) {
        Fail(*fallback, at("fail_when_no_keyword_matches"), why);
      }
    }
    if (const Entry* methods = field("methods")) {
      const std::string text = Scalar(*methods, at("methods"));
      if (!ParseMethods(text, filter.post_only)) {
        Fail(*methods, at("methods"),
             "expected POST (only POST pings count) or \"\" (HEAD, GET and POST), got \"" + text +
                 "\"");
      }
    }
  }

  // `labels:` is a map of names to strings; every rule of CheckLabels applies.
  Labels LabelMap(const Entry& entry, const std::string& path) const {
    if (!entry.value.IsMap()) {
      Fail(entry, path,
           std::string("expected a map of label names to values, got ") + Describe(entry.value));
    }
    Labels labels;
    for (const auto& item : entry.value) {
      if (!item.second.IsScalar()) {
        Fail(item.second, path + "." + item.first.Scalar(), "expected a string value");
      }
      labels[item.first.Scalar()] = item.second.Scalar();
    }
    if (std::string why = CheckLabels(labels); !why.empty()) Fail(entry, path, why);
    return labels;
  }

  template <typename FieldLookup, typename PathOf>
  void ReadRunWindows(const FieldLookup& field, const PathOf& at, RunWindows& windows) const {
    if (const Entry* e = field("start_window"))
      windows.start_window = Duration(*e, at("start_window"));
    if (const Entry* e = field("max_runtime"))
      windows.max_runtime = Duration(*e, at("max_runtime"));
    if (const Entry* e = field("min_runtime"))
      windows.min_runtime = Duration(*e, at("min_runtime"));
  }

  int Threshold(const Entry& entry, const std::string& path) const {
    const std::string text = Scalar(entry, path);
    int value = 0;
    bool digits = !text.empty() && text.size() <= 9;
    for (char c : text) {
      digits = digits && c >= '0' && c <= '9';
      if (digits) value = value * 10 + (c - '0');
    }
    const std::string why = digits ? rules::CheckProbeThreshold(value)
                                   : "\"" + text + "\" is not a whole number from " +
                                         std::to_string(rules::kMinProbeThreshold) + " to " +
                                         std::to_string(rules::kMaxProbeThreshold);
    if (!why.empty()) Fail(entry, path, why);
    return value;
  }

  DeclaredApplication ReadApplication(const YAML::Node& item, const std::string& path) {
    if (!item.IsMap()) {
      Fail(item, path,
           std::string("expected a map with name and interval, schedule or probe, got ") +
               Describe(item));
    }
    const std::map<std::string, Entry> fields = Entries(item, path, kApplicationKeys);
    const auto field = [&](const char* key) -> const Entry* {
      const auto found = fields.find(key);
      return found == fields.end() ? nullptr : &found->second;
    };
    const auto at = [&](const char* key) { return path + "." + key; };

    DeclaredApplication app;
    app.line = item.Mark().line + 1;
    ApplicationSpec& spec = app.spec;
    if (field("name") == nullptr) Fail(item, path, "missing required key \"name\"");
    spec.name = Scalar(*field("name"), at("name"));
    if (std::string why = rules::CheckName(spec.name); !why.empty()) {
      Fail(*field("name"), at("name"), why);
    }
    if (const Entry* team = field("team")) spec.team = Scalar(*team, at("team"));
    if (const Entry* interval = field("interval"))
      spec.interval = Duration(*interval, at("interval"));
    if (const Entry* grace = field("grace")) spec.grace = Duration(*grace, at("grace"));
    ReadSchedule(field("schedule"), field("timezone"), field("interval"), path, spec);
    if (const Entry* manual_resume = field("manual_resume")) {
      spec.manual_resume = Boolean(*manual_resume, at("manual_resume"));
    }
    PingFilter filter = spec.ping_filter();
    ReadPingFilter(field, at, filter);
    spec.set_ping_filter(std::move(filter));
    if (const Entry* labels = field("labels")) spec.labels = LabelMap(*labels, at("labels"));
    ReadRunWindows(field, at, spec.windows);
    if (const Entry* probe = field("probe")) spec.probe = ReadProbe(*probe, at("probe"));
    app.token = ReadToken(field("token_file"), field("token_env"), path);

    // The same rules the management API applies: nothing above may have missed one.
    if (std::string why = ValidateSpec(spec); !why.empty()) Fail(item, path, why);
    return app;
  }

  // One expression, or a list of them (due at the earliest next fire).
  std::string ScheduleText(const Entry& entry, const std::string& path) const {
    if (!entry.value.IsSequence()) return Scalar(entry, path);
    std::vector<std::string> schedules;
    for (const YAML::Node& item : entry.value) {
      if (!item.IsScalar()) Fail(item, path, "expected a list of schedules (strings)");
      schedules.push_back(item.Scalar());
    }
    try {
      return JoinSchedules(schedules);
    } catch (const std::invalid_argument& e) {
      Fail(entry, path, e.what());
    }
  }

  void ReadSchedule(const Entry* schedule, const Entry* timezone, const Entry* interval,
                    const std::string& path, ApplicationSpec& spec) const {
    if (timezone != nullptr) spec.timezone = Scalar(*timezone, path + ".timezone");
    if (schedule == nullptr) {
      if (timezone != nullptr) {
        Fail(*timezone, path + ".timezone",
             "is only used with a schedule (add schedule, or remove timezone)");
      }
      return;
    }
    spec.schedule = ScheduleText(*schedule, path + ".schedule");
    if (interval != nullptr) {
      Fail(*schedule, path + ".schedule",
           "cannot be combined with interval (use interval for \"every N\", schedule for cron "
           "times)");
    }
    try {
      Schedule::Parse(spec.schedule);
    } catch (const std::invalid_argument& e) {
      Fail(*schedule, path + ".schedule", e.what());
    }
    try {
      Schedule::Parse(spec.schedule, spec.timezone);
    } catch (const std::invalid_argument& e) {
      Fail(timezone != nullptr ? *timezone : *schedule, path + ".timezone", e.what());
    }
  }

  ProbeSpec ReadProbe(const Entry& entry, const std::string& path) const {
    if (!entry.value.IsMap()) {
      Fail(entry, path,
           std::string("expected a map with url, interval and timeout, got ") +
               Describe(entry.value));
    }
    const std::map<std::string, Entry> fields = Entries(entry.value, path, kProbeKeys);
    const auto field = [&](const char* key) -> const Entry* {
      const auto found = fields.find(key);
      return found == fields.end() ? nullptr : &found->second;
    };
    const auto at = [&](const char* key) { return path + "." + key; };
    ProbeSpec probe;
    if (field("url") == nullptr) Fail(entry.value, path, "missing required key \"url\"");
    probe.url = Scalar(*field("url"), at("url"));
    if (std::string why = rules::CheckProbeUrl(probe.url); !why.empty()) {
      Fail(*field("url"), at("url"), why);
    }
    if (const Entry* interval = field("interval")) {
      probe.interval = Duration(*interval, at("interval"));
      if (std::string why = rules::CheckProbeInterval(probe.interval); !why.empty()) {
        Fail(*interval, at("interval"), why);
      }
    }
    if (const Entry* timeout = field("timeout")) probe.timeout = Duration(*timeout, at("timeout"));
    if (std::string why = rules::CheckProbeTimeout(probe.timeout, probe.interval); !why.empty()) {
      if (field("timeout") != nullptr) Fail(*field("timeout"), at("timeout"), why);
      // Only a short interval can clash with the default timeout.
      Fail(*field("interval"), at("interval"),
           FormatDuration(probe.interval) + " must be longer than the default timeout (" +
               FormatDuration(probe.timeout) + "); set a shorter timeout");
    }
    if (const Entry* healthy = field("healthy_threshold")) {
      probe.healthy_threshold = Threshold(*healthy, at("healthy_threshold"));
    }
    if (const Entry* unhealthy = field("unhealthy_threshold")) {
      probe.unhealthy_threshold = Threshold(*unhealthy, at("unhealthy_threshold"));
    }
    ReadProbeRequest(field, at, probe);
    if (std::string why = ValidateProbe(probe); !why.empty()) Fail(entry, path, why);
    return probe;
  }

  // The request and TLS keys (http and https probes), and the contact e-mail.
  template <typename FieldLookup, typename PathOf>
  void ReadProbeRequest(const FieldLookup& field, const PathOf& at, ProbeSpec& probe) const {
    if (const Entry* method = field("method"))
      probe.method = ToUpper(Scalar(*method, at("method")));
    if (const Entry* headers = field("headers")) {
      if (!headers->value.IsMap()) Fail(*headers, at("headers"), "expected a map of name: value");
      for (auto it = headers->value.begin(); it != headers->value.end(); ++it) {
        if (!it->first.IsScalar() || !it->second.IsScalar()) {
          Fail(it->first, at("headers"), "expected a map of name: value");
        }
        probe.headers.emplace_back(it->first.Scalar(), it->second.Scalar());
      }
    }
    if (const Entry* status = field("expected_status")) {
      const std::string text = Scalar(*status, at("expected_status"));
      const bool digits =
          text.size() == 3 && text.find_first_not_of("0123456789") == std::string::npos;
      if (!digits) Fail(*status, at("expected_status"), "\"" + text + "\" is not an HTTP status");
      probe.expected_status = std::stoi(text);
    }
    if (const Entry* ca = field("ca_file")) probe.ca_file = Scalar(*ca, at("ca_file"));
    if (const Entry* insecure = field("insecure_skip_verify")) {
      probe.insecure_skip_verify = Boolean(*insecure, at("insecure_skip_verify"));
    }
    if (const Entry* name = field("server_name"))
      probe.server_name = Scalar(*name, at("server_name"));
    if (const Entry* email = field("email")) probe.email = Scalar(*email, at("email"));
  }

  // Token values never appear in a message: only the file or variable name.
  std::string ReadToken(const Entry* file, const Entry* env, const std::string& path) const {
    if (file != nullptr && env != nullptr) {
      Fail(*env, path + ".token_env", "cannot be combined with token_file (use one of them)");
    }
    if (file != nullptr) {
      const std::string field_path = path + ".token_file";
      const std::string name = Scalar(*file, field_path);
      std::filesystem::path token_path(name);
      // Like Prometheus, relative paths are relative to the config file.
      if (token_path.is_relative()) {
        token_path = std::filesystem::path(origin_).parent_path() / token_path;
      }
      std::error_code ignored;
      if (std::filesystem::is_directory(token_path, ignored)) {
        Fail(*file, field_path,
             "cannot read token file \"" + token_path.string() + "\": it is a directory");
      }
      std::ifstream in(token_path, std::ios::binary);
      if (!in) {
        Fail(*file, field_path,
             "cannot read token file \"" + token_path.string() + "\": " + std::strerror(errno));
      }
      // A token file holds one token: /dev/zero or a log file named by mistake
      // must not be read whole into memory.
      const std::optional<std::string> content = ReadAtMost(in, kMaxTokenFileBytes);
      if (!content) {
        Fail(*file, field_path,
             "token file \"" + name + "\" is larger than " + std::to_string(kMaxTokenFileBytes) +
                 " bytes; it should hold one token");
      }
      return CheckedToken(*content, *file, field_path, "token file \"" + name + "\"");
    }
    if (env != nullptr) {
      const std::string field_path = path + ".token_env";
      const std::string name = Scalar(*env, field_path);
      const char* value = std::getenv(name.c_str());
      if (value == nullptr) {
        Fail(*env, field_path, "environment variable \"" + name + "\" is not set");
      }
      return CheckedToken(value, *env, field_path, "environment variable \"" + name + "\"");
    }
    return "";
  }

  std::string CheckedToken(const std::string& raw, const Entry& entry, const std::string& path,
                           const std::string& source) const {
    const std::string token = TrimRight(raw);
    if (token.empty()) Fail(entry, path, source + " is empty");
    if (HasControlCharacters(token)) {
      Fail(entry, path, source + " holds more than one line or control characters");
    }
    // The same rules as a token imported through the API: it must work in a ping URL.
    if (std::string why = CheckToken(token); !why.empty()) {
      Fail(entry, path, "the token in " + source + " " + why);
    }
    return token;
  }

  std::string origin_;
};

}  // namespace

ConfigFile ParseConfigText(const std::string& text, const std::string& origin) {
  try {
    return Reader(origin).Read(text);
  } catch (const YAML::Exception& e) {
    // Every node is type-checked before use; this only guards against a
    // yaml-cpp surprise turning into an unexplained crash at startup.
    throw ConfigError(origin + (e.mark.is_null() ? "" : ":" + std::to_string(e.mark.line + 1)) +
                      ": " + e.msg);
  }
}

ConfigFile LoadConfigFile(const std::string& path) {
  std::error_code ignored;
  if (std::filesystem::is_directory(path, ignored)) {
    throw ConfigError(path + ": cannot read config file: it is a directory");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError(path + ": cannot read config file: " + std::strerror(errno));
  std::stringstream content;
  content << in.rdbuf();
  if (in.bad()) throw ConfigError(path + ": cannot read config file: " + std::strerror(errno));
  return ParseConfigText(content.str(), path);
}

}  // namespace heartbeat
