#include "godwit/core/runner/migration_lock.hpp"

#include <algorithm>
#include <thread>

#include "godwit/core/error.hpp"
#include "godwit/core/log/logging.hpp"

namespace godwit::core::runner {

std::int64_t MigrationLock::key_for(const TableNames& names) {
  // FNV-1a: stable across builds and platforms, unlike std::hash.
  std::uint64_t hash = 1469598103934665603ull;
  const std::string text = "godwit:" + names.schema + "." + names.version_table;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  return static_cast<std::int64_t>(hash);
}

MigrationLock::MigrationLock(driver::Connection& connection, std::int64_t key,
                             std::chrono::milliseconds timeout, const std::function<void()>& on_first_wait)
    : connection_(connection), key_(key) {
  using Clock = std::chrono::steady_clock;
  const auto deadline = Clock::now() + timeout;
  auto pause = std::chrono::milliseconds(20);
  bool waited = false;
  while (!connection_.try_advisory_lock(key_)) {
    if (!waited && on_first_wait) on_first_wait();
    waited = true;
    if (Clock::now() >= deadline)
      throw Error(ErrorCategory::lock,
                  "another godwit run still holds the migration lock on " + connection_.display_url() +
                      " after " +
                      std::to_string(std::chrono::duration_cast<std::chrono::seconds>(timeout).count()) +
                      " s; wait for it to finish or raise --lock-timeout");
    std::this_thread::sleep_for(std::min<Clock::duration>(pause, deadline - Clock::now()));
    pause = std::min(pause * 2, std::chrono::milliseconds(500));
  }
}

MigrationLock::~MigrationLock() {
  try {
    connection_.advisory_unlock(key_);
  } catch (const std::exception& e) {
    // The lock dies with the session anyway; say so rather than throw from a destructor.
    log::warning("lock", std::string("could not release the migration lock: ") + e.what());
  }
}

}  // namespace godwit::core::runner
