#include "godwit/core/runner/migration_lock.hpp"

#include <algorithm>

#include "godwit/core/error.hpp"
#include "godwit/core/log/logging.hpp"
#include "godwit/core/runner/driver_errors.hpp"
#include "godwit/core/runner/interruption.hpp"

namespace godwit::core::runner {

namespace {

using Clock = std::chrono::steady_clock;

// FNV-1a: stable across builds and platforms, unlike std::hash.
std::int64_t stable_key(const std::string& text) {
  std::uint64_t hash = 1469598103934665603ull;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  return static_cast<std::int64_t>(hash);
}

long long seconds(Clock::duration duration) {
  return std::chrono::duration_cast<std::chrono::seconds>(duration).count();
}

std::string holder_of(driver::Connection& connection, std::int64_t key) {
  try {
    const std::string holder = connection.describe_lock_holder(key);
    return holder.empty() ? "a session that has just let go" : holder;
  } catch (const std::exception& e) {
    return std::string("a session the database would not describe (") + e.what() + ")";
  }
}

}  // namespace

std::int64_t MigrationLock::key_for(const TableNames& names) {
  return stable_key("godwit:" + names.schema + "." + names.version_table);
}

std::int64_t MigrationLock::work_key_for(const TableNames& names) {
  return stable_key("godwit-work:" + names.schema + "." + names.version_table);
}

MigrationLock::MigrationLock(driver::Connection& lock_connection, driver::Connection& work,
                             const TableNames& names, std::chrono::milliseconds timeout)
    : lock_connection_(lock_connection),
      work_(work),
      key_(key_for(names)),
      work_key_(work_key_for(names)),
      timeout_(timeout) {
  const auto deadline = Clock::now() + timeout;
  acquire(lock_connection_, key_, "the migration lock", deadline);
  holds_key_ = true;
  try {
    acquire(work_, work_key_, "the work lock", deadline);
  } catch (...) {
    release();
    throw;
  }
  holds_work_key_ = true;
}

// The driver waits in slices short enough that a stop signal ends the wait promptly and the holder is
// reported on time.
constexpr auto kWaitSlice = std::chrono::milliseconds(250);

void MigrationLock::acquire(driver::Connection& connection, std::int64_t key, const char* what,
                            Clock::time_point deadline) {
  const Clock::time_point start = Clock::now();
  auto next_report = start;
  bool reported = false;
  const auto try_for = [&](Clock::duration wait) {
    return with_database_errors(std::string("taking ") + what, [&] {
      return connection.acquire_lock(key, std::chrono::duration_cast<std::chrono::milliseconds>(wait));
    });
  };
  for (bool held = try_for(Clock::duration::zero()); !held;) {
    Interruption::check(std::string("waiting for ") + what);
    const Clock::time_point now = Clock::now();
    if (now >= deadline)
      throw Error(ErrorCategory::lock, std::string(what) + " on " + connection.display_url() +
                                           " is still held after " + std::to_string(seconds(timeout_)) +
                                           " s, by " + holder_of(connection, key) +
                                           "; wait for that run to finish (or end that session) or raise "
                                           "--lock-timeout");
    if (now >= next_report) {
      log::info("lock", std::string(reported ? "still waiting for " : "waiting for ") + std::string(what) +
                            " (" + std::to_string(seconds(now - start)) + " s of " +
                            std::to_string(seconds(timeout_)) + " s), held by " + holder_of(connection, key));
      next_report = now + std::chrono::seconds(10);
      reported = true;
    }
    held = try_for(std::min<Clock::duration>(kWaitSlice, deadline - now));
  }
}

void MigrationLock::ensure_held(const std::string& before) const {
  if (lock_connection_.lock_held(key_)) return;
  throw Error(
      ErrorCategory::lock,
      "the migration lock on " + lock_connection_.display_url() + " was lost before " + before +
          ": the database no longer holds it for this run (its session was ended by an administrator, a "
          "proxy or the server, or its lock file was deleted or replaced), so another runner may be "
          "migrating now; this run stops without committing");
}

MigrationLock::~MigrationLock() {
  release();
}

void MigrationLock::release() noexcept {
  // Each lock dies with its session anyway: release what still stands, and say so rather than throw.
  const auto release = [](driver::Connection& connection, std::int64_t key, bool& held) {
    if (!held) return;
    held = false;
    if (!connection.lock_held(key)) return;
    try {
      connection.release_lock(key);
    } catch (const std::exception& e) {
      log::warning("lock", std::string("could not release a migration lock: ") + e.what());
    }
  };
  release(work_, work_key_, holds_work_key_);
  release(lock_connection_, key_, holds_key_);
}

}  // namespace godwit::core::runner
