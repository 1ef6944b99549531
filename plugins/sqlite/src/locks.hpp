#pragma once

// The migration lock (Connection::acquire_lock) for SQLite, which has no advisory locks of its own.
//  - A file database: Linux open-file-description locks on a sidecar file "<database>-godwit.lock"
//    (file_lock.hpp). The kernel frees them when the process dies, even by kill -9, and two descriptors
//    opened separately exclude each other, so a second connection of the same process is excluded too.
//  - The in-memory database: no other process can see it; a registry in this process does.
// Each held lock is an object; destroying it releases the lock.

#include <cstdint>
#include <memory>
#include <string>

namespace godwit::sqlite {

class HeldLock {
 public:
  virtual ~HeldLock() = default;
  // False once the lock is known to be lost (its lock file was deleted or replaced). No I/O but a stat().
  virtual bool held() const noexcept = 0;
};

class LockSpace {
 public:
  virtual ~LockSpace() = default;
  // Tries once. `description` says who holds it, for describe_holder() in other processes.
  virtual std::unique_ptr<HeldLock> try_acquire(std::int64_t key, const std::string& description) = 0;
  // Who holds `key` (the description its holder left), empty when it is free.
  virtual std::string describe_holder(std::int64_t key) = 0;
};

// The locks of the in-memory database identified by `database` (its address: one per driver instance).
std::unique_ptr<LockSpace> memory_lock_space(const void* database);

// The locks of a database file, in `<file>-godwit.lock`.
std::unique_ptr<LockSpace> file_lock_space(const std::string& file);

// "godwit process 1234 on host (application 'NAME'), holding since 2024-05-01T10:00:00Z; to end it: kill
// 1234 on host": what a waiting runner shows.
// The kill hint only when other processes read it (`other_processes`: not for the in-memory database).
std::string holder_description(const std::string& application_name, bool other_processes);

}  // namespace godwit::sqlite
