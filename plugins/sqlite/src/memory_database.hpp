#pragma once

// The driver's in-memory database (sqlite:// and sqlite:///:memory:). A plain ":memory:" database is
// private to one connection, but godwit opens several (the migration lock's, the work's), and a program
// embedding godwit expects `upgrade` and then `current` to see the same database. So every in-memory URL of
// one driver instance names one shared database: memdb VFS "/godwit-mem-<pid>-<n>" (SQLite 3.36+), which
// has normal locking (a busy timeout works) unlike shared-cache mode. It lives while the driver or any
// connection to it does: a keeper connection stays open, since SQLite drops a memdb database when its last
// connection closes. There is no WAL in memory: readers wait for a writer's commit (busy timeout).

#include <chrono>
#include <string>

#include "database.hpp"

namespace godwit::sqlite {

class MemoryDatabase {
 public:
  explicit MemoryDatabase(std::chrono::milliseconds busy_timeout);
  MemoryDatabase(const MemoryDatabase&) = delete;
  MemoryDatabase& operator=(const MemoryDatabase&) = delete;

  const std::string& name() const noexcept { return name_; }
  Handle connect(std::chrono::milliseconds busy_timeout, const std::string& display_url) const;

 private:
  std::string name_;
  Handle keeper_;
};

}  // namespace godwit::sqlite
