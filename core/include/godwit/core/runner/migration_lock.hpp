#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "godwit/core/runner/table_names.hpp"
#include "godwit/driver/driver.hpp"

namespace godwit::core::runner {

// Serialises runners on one database. Two driver locks (Connection::acquire_lock), always taken in this
// order:
//  - the migration lock, on a connection of its own (the one earlier godwit versions take too);
//  - the work lock, on the connection that runs the steps, so the work and a lock cannot be separated: if
//    the lock session is ended under a run, a second runner that gets the migration lock still waits for
//    the work lock until this run's work session has rolled back or committed and let go.
// Drivers wait for them without a transaction (PostgreSQL polls its advisory lock), so a waiter holds no
// snapshot: a concurrent CREATE INDEX CONCURRENTLY in the holder cannot deadlock on it.
class MigrationLock {
 public:
  // Derived from the version table's name, so projects sharing a database with different version tables
  // do not block each other.
  static std::int64_t key_for(const TableNames& names);
  static std::int64_t work_key_for(const TableNames& names);

  // Blocks until both locks are held or `timeout` has passed (Error(lock)), saying once who holds the lock
  // it waits for and again every 10 s. A signal ends the wait (Error::interrupted).
  MigrationLock(driver::Connection& lock_connection, driver::Connection& work, const TableNames& names,
                std::chrono::milliseconds timeout);
  ~MigrationLock();
  MigrationLock(const MigrationLock&) = delete;
  MigrationLock& operator=(const MigrationLock&) = delete;

  // Throws Error(lock) when the migration lock is lost (its session was ended by an administrator or a
  // proxy's idle timeout): another runner may be applying revisions already.
  // Costs no round trip.
  void ensure_held(const std::string& before) const;

 private:
  void acquire(driver::Connection& connection, std::int64_t key, const char* what,
               std::chrono::steady_clock::time_point deadline);
  void release() noexcept;

  driver::Connection& lock_connection_;
  driver::Connection& work_;
  std::int64_t key_;
  std::int64_t work_key_;
  std::chrono::milliseconds timeout_;
  bool holds_key_ = false;
  bool holds_work_key_ = false;
};

}  // namespace godwit::core::runner
