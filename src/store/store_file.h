#pragma once

// Private to the store: what must hold for a file before the store writes to
// it. A zero-length file once started as a new empty database without a word
// (50 applications vanished), and heartbeat.db was created 0644 although it
// holds job logs (issue 10).

#include <string>

namespace SQLite {
class Database;
}

namespace heartbeat {

// Before SQLite opens `path`: when nothing is there, creates a new migrated
// database (mode 0600; SQLite gives its -wal and -shm files the same mode),
// built beside it and renamed into place so a crash never leaves an empty file.
// When something is there it must be an SQLite file. Returns whether it created
// one. Throws std::runtime_error with a sentence.
bool PrepareDatabaseFile(const std::string& path);

// After opening, before migrating: refuses a database of another program and,
// after PRAGMA quick_check (logged with its duration), a damaged one.
void CheckDatabase(SQLite::Database& db, const std::string& path);

// Creates an empty file with mode 0600; throws when it exists or cannot be made.
void CreatePrivateFile(const std::string& path);
// fsync of a file, and of the directory holding it (so a rename is durable).
void SyncFileAndDirectory(const std::string& path);

// Where the restore steps are, for sentences that send an operator there.
inline constexpr const char* kRestoreDocs = "docs/storage.md (\"Restore a backup\")";

}  // namespace heartbeat
