// The SQLite side of supervising a run: the migration lock (locks.hpp), cancelling a statement, and the
// sessions SQLite does not have.

#include <sqlite3.h>

#include <algorithm>
#include <thread>

#include "connection.hpp"

namespace godwit::sqlite {

bool SqliteConnection::acquire_lock(std::int64_t key, std::chrono::milliseconds wait) {
  if (in_block())
    throw Error("acquire_lock(): a transaction is open on " + target_.display_url +
                "; the migration lock must be taken outside transactions");
  if (const auto it = locks_.find(key); it != locks_.end()) {
    if (it->second->held()) return true;
    locks_.erase(it);  // lost (its lock file was deleted): take it anew
  }
  const std::string description = holder_description(target_.application_name, !target_.memory);
  const auto deadline = std::chrono::steady_clock::now() + wait;
  auto pause = std::chrono::milliseconds(5);
  for (;;) {
    std::unique_ptr<HeldLock> held;
    try {
      held = lock_space().try_acquire(key, description);
    } catch (const Error& error) {
      if (!read_only_) throw;
      throw Error(
          std::string(error.what()) + " (the database file " + target_.file +
          " is read-only for this user too: changing it takes write access to the file and its directory)");
    }
    if (held) {
      locks_[key] = std::move(held);
      return true;
    }
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) return false;
    std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(pause, deadline - now));
    pause = std::min(pause * 2, std::chrono::milliseconds(100));
  }
}

bool SqliteConnection::lock_held(std::int64_t key) noexcept {
  const auto it = locks_.find(key);
  return it != locks_.end() && it->second->held();
}

void SqliteConnection::release_lock(std::int64_t key) {
  const auto it = locks_.find(key);
  if (it == locks_.end())
    throw Error("release_lock(): this connection does not hold lock " + std::to_string(key) + " on " +
                target_.display_url);
  locks_.erase(it);
}

std::string SqliteConnection::describe_lock_holder(std::int64_t key) {
  return lock_space().describe_holder(key);
}

bool SqliteConnection::end_session(std::string_view, std::chrono::milliseconds) {
  return false;  // SQLite has no server sessions: a crashed process's transaction is rolled back on open
}

void SqliteConnection::cancel() noexcept {
  // Thread-safe while the connection is open (it stays open while another thread can use it).
  if (handle_.get() != nullptr) sqlite3_interrupt(handle_.get());
}

LockSpace& SqliteConnection::lock_space() {
  if (!lock_space_)
    lock_space_ = target_.memory ? memory_lock_space(target_.memory.get()) : file_lock_space(target_.file);
  return *lock_space_;
}

}  // namespace godwit::sqlite
