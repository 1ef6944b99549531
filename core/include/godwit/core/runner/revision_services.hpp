#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "godwit/driver/driver.hpp"

namespace godwit::core::runner {

// The host's side of a revision's Context: logging, options and progress. On a terminal progress is a
// bar redrawn at most ten times a second on stderr; elsewhere (CI logs) it is a log line every few seconds.
class RevisionServices final : public driver::HostServices {
 public:
  RevisionServices(std::string revision_id, const std::map<std::string, std::string>& options, bool terminal);
  ~RevisionServices() override;

  void log(LogLevel level, std::string_view message) override;
  void progress(std::uint64_t done, std::uint64_t total, std::string_view label) override;
  std::optional<std::string> option(std::string_view key) const override;

  // Whether stderr is a terminal, for choosing the progress style.
  static bool stderr_is_terminal();

 private:
  void draw_bar(std::uint64_t done, std::uint64_t total, std::string_view label);
  void clear_bar();

  using Clock = std::chrono::steady_clock;
  std::string revision_id_;
  const std::map<std::string, std::string>& options_;
  bool terminal_;
  bool bar_visible_ = false;
  Clock::time_point last_report_{};
};

}  // namespace godwit::core::runner
