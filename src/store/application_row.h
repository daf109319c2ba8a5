#pragma once

// Private to the store: the one mapping between an Application and its
// `applications` row. The SELECT, the INSERT and every UPDATE are generated from
// one column table, so a new column is added in one place.

#include <memory>

#include "heartbeat/core/application.h"

namespace SQLite {
class Statement;
}

namespace heartbeat {

// Which columns an UPDATE writes. Signals rewrite only the facts, so the
// indexed name and token columns are never touched on the ingest path.
enum class RowPart {
  kSpec,   // team, interval, schedule, time zone, grace, manual resume, probe, ping filter,
           // labels, run windows, declared
  kToken,  // token_hash
  kFacts,  // paused, last times, duration, counters, last completion flag
};

// Static SQL texts (the statement cache keys them by address).
const char* SelectApplicationsSql();  // every column, id first
const char* InsertApplicationSql();   // every column but id
const char* UpdateApplicationSql(RowPart part);

// Binds every column but id (INSERT) or the part's columns and then the id (UPDATE).
void BindApplicationRow(SQLite::Statement& statement, const Application& app);
void BindApplicationRow(SQLite::Statement& statement, const Application& app, RowPart part);

// The record from the current row of SelectApplicationsSql(); the schedule is not compiled.
std::shared_ptr<Application> ReadApplicationRow(SQLite::Statement& statement);

}  // namespace heartbeat
