#include "store/application_row.h"

#include <SQLiteCpp/Column.h>
#include <SQLiteCpp/Statement.h>

#include <cstring>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "store/labels_json.h"
#include "store/ping_filter_json.h"

namespace heartbeat {

namespace {

enum class ColumnGroup { kIdentity, kSpec, kToken, kFacts };  // identity: written once, at INSERT

struct ColumnMapping {
  const char* name;
  ColumnGroup group;
  void (*bind)(SQLite::Statement& statement, int index, const Application& app);
  void (*read)(const SQLite::Column& column, Application& app);
};

std::string ProbeToText(const SharedOptional<ProbeSpec>& probe) {
  if (!probe) return "";
  nlohmann::json headers = nlohmann::json::array();
  for (const auto& [name, value] : probe->headers) headers.push_back({name, value});
  return nlohmann::json{{"url", probe->url},
                        {"interval", probe->interval.count()},
                        {"timeout", probe->timeout.count()},
                        {"healthy_threshold", probe->healthy_threshold},
                        {"unhealthy_threshold", probe->unhealthy_threshold},
                        {"method", probe->method},
                        {"headers", headers},
                        {"expected_status", probe->expected_status},
                        {"ca_file", probe->ca_file},
                        {"insecure_skip_verify", probe->insecure_skip_verify},
                        {"server_name", probe->server_name},
                        {"email", probe->email},
                        {"healthchecker", probe->healthchecker}}
      .dump();
}

// Rows written before a key existed lack it: the key's default applies.
std::optional<ProbeSpec> ProbeFromText(const std::string& text) {
  if (text.empty()) return std::nullopt;
  const auto json = nlohmann::json::parse(text);
  ProbeSpec probe;
  probe.url = json.at("url").get<std::string>();
  probe.interval = Seconds(json.at("interval").get<long long>());
  probe.timeout = Seconds(json.at("timeout").get<long long>());
  probe.healthy_threshold = json.at("healthy_threshold").get<int>();
  probe.unhealthy_threshold = json.at("unhealthy_threshold").get<int>();
  probe.method = json.value("method", probe.method);
  for (const auto& header : json.value("headers", nlohmann::json::array())) {
    probe.headers.emplace_back(header.at(0).get<std::string>(), header.at(1).get<std::string>());
  }
  probe.expected_status = json.value("expected_status", probe.expected_status);
  probe.ca_file = json.value("ca_file", probe.ca_file);
  probe.insecure_skip_verify = json.value("insecure_skip_verify", probe.insecure_skip_verify);
  probe.server_name = json.value("server_name", probe.server_name);
  probe.email = json.value("email", probe.email);
  probe.healthchecker = json.value("healthchecker", probe.healthchecker);
  return probe;
}

void BindInt(SQLite::Statement& statement, int index, long long value) {
  statement.bind(index, static_cast<int64_t>(value));
}

void BindTime(SQLite::Statement& statement, int index, const std::optional<TimePoint>& time) {
  if (time) {
    BindInt(statement, index, ToMillis(*time));
  } else {
    statement.bind(index);
  }
}

std::optional<TimePoint> ReadTime(const SQLite::Column& column) {
  if (column.isNull()) return std::nullopt;
  return FromMillis(column.getInt64());
}

using S = SQLite::Statement;
using C = SQLite::Column;
using A = Application;

// The order is the SELECT's column order (after id) and the INSERT's.
const ColumnMapping kColumns[] = {
    {"name", ColumnGroup::kIdentity, [](S& s, int i, const A& a) { s.bind(i, a.spec.name); },
     [](const C& c, A& a) { a.spec.name = c.getString(); }},
    {"created_at_ms", ColumnGroup::kIdentity,
     [](S& s, int i, const A& a) { BindInt(s, i, ToMillis(a.created_at)); },
     [](const C& c, A& a) { a.created_at = FromMillis(c.getInt64()); }},
    {"team", ColumnGroup::kSpec, [](S& s, int i, const A& a) { s.bind(i, a.spec.team); },
     [](const C& c, A& a) { a.spec.team = c.getString(); }},
    {"interval_seconds", ColumnGroup::kSpec,
     [](S& s, int i, const A& a) { BindInt(s, i, a.spec.interval.count()); },
     [](const C& c, A& a) { a.spec.interval = Seconds(c.getInt64()); }},
    {"schedule", ColumnGroup::kSpec, [](S& s, int i, const A& a) { s.bind(i, a.spec.schedule); },
     [](const C& c, A& a) { a.spec.schedule = c.getString(); }},
    {"timezone", ColumnGroup::kSpec, [](S& s, int i, const A& a) { s.bind(i, a.spec.timezone); },
     [](const C& c, A& a) { a.spec.timezone = c.getString(); }},
    {"grace_seconds", ColumnGroup::kSpec,
     [](S& s, int i, const A& a) { BindInt(s, i, a.spec.grace.count()); },
     [](const C& c, A& a) { a.spec.grace = Seconds(c.getInt64()); }},
    {"manual_resume", ColumnGroup::kSpec,
     [](S& s, int i, const A& a) { s.bind(i, a.spec.manual_resume ? 1 : 0); },
     [](const C& c, A& a) { a.spec.manual_resume = c.getInt() != 0; }},
    {"probe", ColumnGroup::kSpec,
     [](S& s, int i, const A& a) {
       const std::string probe = ProbeToText(a.spec.probe);
       probe.empty() ? s.bind(i) : s.bind(i, probe);
     },
     [](const C& c, A& a) { a.spec.probe = ProbeFromText(c.getString()); }},
    {"ping_filter", ColumnGroup::kSpec,
     [](S& s, int i, const A& a) { s.bind(i, PingFilterToText(a.spec.ping_filter())); },
     [](const C& c, A& a) { a.spec.set_ping_filter(PingFilterFromText(c.getString())); }},
    {"labels", ColumnGroup::kSpec,
     [](S& s, int i, const A& a) { s.bind(i, LabelsToText(a.spec.labels)); },
     [](const C& c, A& a) { a.spec.labels = LabelsFromText(c.getString()); }},
    {"start_window_seconds", ColumnGroup::kSpec,
     [](S& s, int i, const A& a) { BindInt(s, i, a.spec.windows.start_window.count()); },
     [](const C& c, A& a) { a.spec.windows.start_window = Seconds(c.getInt64()); }},
    {"max_runtime_seconds", ColumnGroup::kSpec,
     [](S& s, int i, const A& a) { BindInt(s, i, a.spec.windows.max_runtime.count()); },
     [](const C& c, A& a) { a.spec.windows.max_runtime = Seconds(c.getInt64()); }},
    {"min_runtime_seconds", ColumnGroup::kSpec,
     [](S& s, int i, const A& a) { BindInt(s, i, a.spec.windows.min_runtime.count()); },
     [](const C& c, A& a) { a.spec.windows.min_runtime = Seconds(c.getInt64()); }},
    {"declared", ColumnGroup::kSpec, [](S& s, int i, const A& a) { s.bind(i, a.declared ? 1 : 0); },
     [](const C& c, A& a) { a.declared = c.getInt() != 0; }},
    {"token_hash", ColumnGroup::kToken,
     [](S& s, int i, const A& a) {
       s.bind(i, a.token_hash.data(), static_cast<int>(a.token_hash.size()));
     },
     [](const C& c, A& a) {
       if (c.getBytes() == static_cast<int>(a.token_hash.size())) {
         std::memcpy(a.token_hash.data(), c.getBlob(), a.token_hash.size());
       }
     }},
    {"paused", ColumnGroup::kFacts, [](S& s, int i, const A& a) { s.bind(i, a.paused ? 1 : 0); },
     [](const C& c, A& a) { a.paused = c.getInt() != 0; }},
    {"last_success_ms", ColumnGroup::kFacts,
     [](S& s, int i, const A& a) { BindTime(s, i, a.last_success); },
     [](const C& c, A& a) { a.last_success = ReadTime(c); }},
    {"last_failure_ms", ColumnGroup::kFacts,
     [](S& s, int i, const A& a) { BindTime(s, i, a.last_failure); },
     [](const C& c, A& a) { a.last_failure = ReadTime(c); }},
    {"last_start_ms", ColumnGroup::kFacts,
     [](S& s, int i, const A& a) { BindTime(s, i, a.last_start); },
     [](const C& c, A& a) { a.last_start = ReadTime(c); }},
    {"last_duration_seconds", ColumnGroup::kFacts,
     [](S& s, int i, const A& a) {
       a.last_duration_seconds ? s.bind(i, *a.last_duration_seconds) : s.bind(i);
     },
     [](const C& c, A& a) {
       if (!c.isNull()) a.last_duration_seconds = c.getDouble();
     }},
    {"signals_total", ColumnGroup::kFacts,
     [](S& s, int i, const A& a) { BindInt(s, i, a.signals_total); },
     [](const C& c, A& a) { a.signals_total = c.getInt64(); }},
    {"failures_total", ColumnGroup::kFacts,
     [](S& s, int i, const A& a) { BindInt(s, i, a.failures_total); },
     [](const C& c, A& a) { a.failures_total = c.getInt64(); }},
    {"last_completion_failed", ColumnGroup::kFacts,
     [](S& s, int i, const A& a) { s.bind(i, a.last_completion_was_failure ? 1 : 0); },
     [](const C& c, A& a) { a.last_completion_was_failure = c.getInt() != 0; }},
};

ColumnGroup GroupOf(RowPart part) {
  switch (part) {
    case RowPart::kSpec:
      return ColumnGroup::kSpec;
    case RowPart::kToken:
      return ColumnGroup::kToken;
    case RowPart::kFacts:
      break;
  }
  return ColumnGroup::kFacts;
}

struct GeneratedSql {
  std::string select = "SELECT id";
  std::string insert;
  std::string update[3];  // by RowPart

  GeneratedSql() {
    std::string names;
    std::string values;
    for (const ColumnMapping& column : kColumns) {
      select += std::string(", ") + column.name;
      names += std::string(names.empty() ? "" : ", ") + column.name;
      values += values.empty() ? "?" : ", ?";
    }
    select += " FROM applications";
    insert = "INSERT INTO applications (" + names + ") VALUES (" + values + ")";
    for (RowPart part : {RowPart::kSpec, RowPart::kToken, RowPart::kFacts}) {
      std::string sets;
      for (const ColumnMapping& column : kColumns) {
        if (column.group != GroupOf(part)) continue;
        sets += std::string(sets.empty() ? "" : ", ") + column.name + " = ?";
      }
      update[static_cast<int>(part)] = "UPDATE applications SET " + sets + " WHERE id = ?";
    }
  }
};

const GeneratedSql& Sql() {
  static const GeneratedSql sql;
  return sql;
}

}  // namespace

const char* SelectApplicationsSql() { return Sql().select.c_str(); }

const char* InsertApplicationSql() { return Sql().insert.c_str(); }

const char* UpdateApplicationSql(RowPart part) {
  return Sql().update[static_cast<int>(part)].c_str();
}

void BindApplicationRow(SQLite::Statement& statement, const Application& app) {
  int index = 0;
  for (const ColumnMapping& column : kColumns) column.bind(statement, ++index, app);
}

void BindApplicationRow(SQLite::Statement& statement, const Application& app, RowPart part) {
  int index = 0;
  for (const ColumnMapping& column : kColumns) {
    if (column.group == GroupOf(part)) column.bind(statement, ++index, app);
  }
  BindInt(statement, ++index, app.id);
}

std::shared_ptr<Application> ReadApplicationRow(SQLite::Statement& statement) {
  auto app = std::make_shared<Application>();
  app->id = statement.getColumn(0).getInt64();
  int index = 0;
  for (const ColumnMapping& column : kColumns) column.read(statement.getColumn(++index), *app);
  return app;
}

}  // namespace heartbeat
