#pragma once

// Opening an SQLite database for godwit: the URL resolved to a file (or the driver's in-memory database),
// the connection configured for a migration tool, and one clear ConnectionLost for each way that fails.

#include <chrono>
#include <memory>
#include <string>
#include <utility>

#include "url.hpp"

struct sqlite3;

namespace godwit::sqlite {

class MemoryDatabase;

// Owns one sqlite3 connection; closes it (sqlite3_close_v2) when destroyed. Every statement on it must be
// finalized first: close_v2 would otherwise keep the connection as a zombie past its owner.
class Handle {
 public:
  Handle() = default;
  explicit Handle(sqlite3* db) noexcept : db_(db) {}
  ~Handle();
  Handle(Handle&& other) noexcept : db_(std::exchange(other.db_, nullptr)) {}
  Handle& operator=(Handle&& other) noexcept;
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;

  sqlite3* get() const noexcept { return db_; }

 private:
  sqlite3* db_ = nullptr;
};

struct Target {
  SqliteUrl url;
  std::string display_url;  // masked
  std::string file;         // absolute path of the database file (canonical once opened); "" in memory
  std::chrono::milliseconds busy_timeout{5000};
  std::string application_name;
  std::shared_ptr<MemoryDatabase> memory;  // the in-memory database, kept alive by each connection
};

struct Opened {
  Handle handle;
  bool read_only = false;  // the file could be opened for reading only
};

// How long a connection waits for another connection's lock before SQLITE_BUSY: the connect timeout (the
// user's "how long may the database keep me waiting"), 5 s when that is zero.
std::chrono::milliseconds busy_timeout_for(std::chrono::seconds connect_timeout);

// Opens and configures the target's database; `target.file` becomes the canonical path. Throws
// godwit::ConnectionLost (sqlstate: the SQLite result code's name) naming the file and what to do.
Opened open_database(Target& target);

// Opens a connection to the in-memory database named `name` (memdb VFS), configured as open_database does.
Handle open_memory_connection(const std::string& name, std::chrono::milliseconds busy_timeout,
                              const std::string& display_url);

}  // namespace godwit::sqlite
