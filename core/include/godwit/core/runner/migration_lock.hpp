#pragma once

#include <chrono>
#include <cstdint>
#include <functional>

#include "godwit/core/runner/table_names.hpp"
#include "godwit/driver/driver.hpp"

namespace godwit::core::runner {

// Serialises runners on one database with a session-level advisory lock held on a connection of its own.
// The lock is polled (pg_try_advisory_lock) rather than waited for, so the waiter holds no transaction and
// no snapshot: a concurrent CREATE INDEX CONCURRENTLY in the holder cannot deadlock on it.
class MigrationLock {
 public:
  // Derived from the version table's name, so projects sharing a database with different version tables
  // do not block each other.
  static std::int64_t key_for(const TableNames& names);

  // Blocks until the lock is held or `timeout` has passed (Error(lock)). `on_first_wait` runs once, when the
  // first attempt fails, so the user learns why nothing happens.
  MigrationLock(driver::Connection& connection, std::int64_t key, std::chrono::milliseconds timeout,
                const std::function<void()>& on_first_wait);
  ~MigrationLock();
  MigrationLock(const MigrationLock&) = delete;
  MigrationLock& operator=(const MigrationLock&) = delete;

 private:
  driver::Connection& connection_;
  std::int64_t key_;
};

}  // namespace godwit::core::runner
