#pragma once

#include <atomic>
#include <cstddef>
#include <string>
#include <string_view>

namespace godwit::core::supervisor::detail {

// The page through which the migration process tells its supervisor what it is doing: mapped shared and
// anonymous before the fork, written by the child without a system call, read by the supervisor once the
// child has ended. Two slots: the child writes the one not published, then publishes it, so a child that
// dies in the middle of a write leaves the previous state whole.
class SharedReport {
 public:
  // Maps the page; Error(state) when the system refuses.
  static SharedReport& create();

  // The child: `state` (the encoded RunReport, cut to capacity) becomes what the supervisor reads.
  void publish(std::string_view state) noexcept;
  // The supervisor, after the child has ended: the last state published.
  std::string read() const;

  static constexpr std::size_t kCapacity = 8192;

 private:
  struct Slot {
    std::size_t size;
    char text[kCapacity];
  };
  std::atomic<unsigned> published_;
  Slot slots_[2];
};

}  // namespace godwit::core::supervisor::detail
