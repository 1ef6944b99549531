#include "locks.hpp"

#include <unistd.h>

#include <ctime>
#include <map>
#include <mutex>
#include <utility>

namespace godwit::sqlite {
namespace {

// The in-memory database's locks: (database, key) -> holder. Process-wide, guarded by its mutex.
struct Registry {
  struct Entry {
    const void* owner;
    std::string description;
  };
  std::mutex mutex;
  std::map<std::pair<const void*, std::int64_t>, Entry> held;
};

Registry& registry() {
  static Registry instance;
  return instance;
}

class MemoryHeldLock final : public HeldLock {
 public:
  explicit MemoryHeldLock(std::pair<const void*, std::int64_t> slot) : slot_(slot) {}
  ~MemoryHeldLock() override {
    std::lock_guard<std::mutex> lock(registry().mutex);
    const auto it = registry().held.find(slot_);
    if (it != registry().held.end() && it->second.owner == this) registry().held.erase(it);
  }
  bool held() const noexcept override {
    std::lock_guard<std::mutex> lock(registry().mutex);
    const auto it = registry().held.find(slot_);
    return it != registry().held.end() && it->second.owner == this;
  }

 private:
  std::pair<const void*, std::int64_t> slot_;
};

class MemoryLockSpace final : public LockSpace {
 public:
  explicit MemoryLockSpace(const void* database) : database_(database) {}

  std::unique_ptr<HeldLock> try_acquire(std::int64_t key, const std::string& description) override {
    const auto slot = std::make_pair(database_, key);
    std::lock_guard<std::mutex> lock(registry().mutex);
    if (registry().held.count(slot) != 0) return nullptr;
    auto held = std::make_unique<MemoryHeldLock>(slot);
    registry().held.emplace(slot, Registry::Entry{held.get(), description});
    return held;
  }

  std::string describe_holder(std::int64_t key) override {
    std::lock_guard<std::mutex> lock(registry().mutex);
    const auto it = registry().held.find(std::make_pair(database_, key));
    return it == registry().held.end() ? std::string()
                                       : it->second.description + " (a connection of this process)";
  }

 private:
  const void* database_;
};

std::string host_name() {
  char name[256] = {};
  if (::gethostname(name, sizeof name - 1) != 0) return "unknown host";
  return name;
}

std::string utc_now() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

}  // namespace

std::unique_ptr<LockSpace> memory_lock_space(const void* database) {
  return std::make_unique<MemoryLockSpace>(database);
}

std::string holder_description(const std::string& application_name, bool other_processes) {
  const std::string process = std::to_string(::getpid()) + " on " + host_name();
  std::string text = "godwit process " + process;
  // The host's own name for its connections says the same ("godwit pid N on HOST"): not twice.
  if (!application_name.empty() && application_name != "godwit pid " + process)
    text += " (application '" + application_name + "')";
  text += ", holding since " + utc_now();
  if (other_processes) text += "; to end it: kill " + process;
  return text;
}

}  // namespace godwit::sqlite
