// The status pages created through the management API: stored, loaded at start,
// published in memory after each commit.
#include <SQLiteCpp/Statement.h>

#include <nlohmann/json.hpp>

#include "heartbeat/store/store.h"
#include "store/write_context.h"

namespace heartbeat {

namespace {

std::vector<std::string> NamesFromJson(const std::string& text) {
  std::vector<std::string> names;
  const nlohmann::json list = nlohmann::json::parse(text, nullptr, false);
  if (!list.is_array()) return names;
  for (const auto& name : list) {
    if (name.is_string()) names.push_back(name.get<std::string>());
  }
  return names;
}

}  // namespace

void Store::LoadStatusPages() {
  SQLite::Statement query(*writer_db_, "SELECT slug, title, applications, teams FROM status_pages");
  std::lock_guard lock(status_pages_mutex_);
  status_pages_.clear();
  while (query.executeStep()) {
    StatusPageSpec page;
    page.slug = query.getColumn(0).getString();
    page.title = query.getColumn(1).getString();
    page.applications = NamesFromJson(query.getColumn(2).getString());
    page.teams = NamesFromJson(query.getColumn(3).getString());
    status_pages_[page.slug] = std::move(page);
  }
}

std::vector<StatusPageSpec> Store::StatusPages() const {
  std::lock_guard lock(status_pages_mutex_);
  std::vector<StatusPageSpec> pages;
  for (const auto& [slug, page] : status_pages_) pages.push_back(page);
  return pages;
}

WriteResult Store::CreateStatusPage(const StatusPageSpec& page) {
  if (std::string why = CheckStatusPage(page); !why.empty()) {
    return WriteFailure(WriteStatus::kInvalid, why);
  }
  return Submit([this, page](WriteContext& context) {
    ScopedStatement exists = context.Use("SELECT 1 FROM status_pages WHERE slug = ?");
    exists->bind(1, page.slug);
    if (exists->executeStep()) {
      return WriteFailure(WriteStatus::kConflict,
                          "a status page \"" + page.slug + "\" already exists");
    }
    ScopedStatement insert = context.Use(
        "INSERT INTO status_pages (slug, title, applications, teams, created_at_ms) "
        "VALUES (?, ?, ?, ?, ?)");
    insert->bind(1, page.slug);
    insert->bind(2, page.title);
    insert->bind(3, nlohmann::json(page.applications).dump());
    insert->bind(4, nlohmann::json(page.teams).dump());
    insert->bind(5, static_cast<int64_t>(ToMillis(context.now())));
    insert->exec();
    context.AfterCommit([this, page] {
      std::lock_guard lock(status_pages_mutex_);
      status_pages_[page.slug] = page;
    });
    return WriteResult{};
  });
}

WriteResult Store::DeleteStatusPage(const std::string& slug) {
  return Submit([this, slug](WriteContext& context) {
    ScopedStatement remove = context.Use("DELETE FROM status_pages WHERE slug = ?");
    remove->bind(1, slug);
    if (remove->exec() == 0) {
      return WriteFailure(WriteStatus::kNotFound, "no status page \"" + slug + "\"");
    }
    context.AfterCommit([this, slug] {
      std::lock_guard lock(status_pages_mutex_);
      status_pages_.erase(slug);
    });
    return WriteResult{};
  });
}

}  // namespace heartbeat
