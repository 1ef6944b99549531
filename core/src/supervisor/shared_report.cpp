#include "shared_report.hpp"

#include <sys/mman.h>

#include <cerrno>
#include <cstring>
#include <new>

#include "godwit/core/error.hpp"

namespace godwit::core::supervisor::detail {

static_assert(std::atomic<unsigned>::is_always_lock_free, "the slot index is shared between processes");

SharedReport& SharedReport::create() {
  void* page = mmap(nullptr, sizeof(SharedReport), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (page == MAP_FAILED)
    throw Error(ErrorCategory::state,
                std::string("cannot map the page that supervises the run: ") + std::strerror(errno));
  // Mapped for the life of the process, by both processes: never unmapped.
  auto* report = new (page) SharedReport();
  report->published_.store(0);
  report->slots_[0].size = 0;
  return *report;
}

void SharedReport::publish(std::string_view state) noexcept {
  const unsigned next = 1 - published_.load(std::memory_order_relaxed);
  Slot& slot = slots_[next];
  slot.size = std::min(state.size(), kCapacity);
  std::memcpy(slot.text, state.data(), slot.size);
  published_.store(next, std::memory_order_release);
}

std::string SharedReport::read() const {
  const Slot& slot = slots_[published_.load(std::memory_order_acquire)];
  return std::string(slot.text, std::min(slot.size, kCapacity));
}

}  // namespace godwit::core::supervisor::detail
