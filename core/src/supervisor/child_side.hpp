#pragma once

#include <functional>

#include "godwit/core/runner/run_observer.hpp"

namespace godwit::core::supervisor::detail {

// The child's end of the report pipe: the runner's observer, written one line (one write(), shorter than
// PIPE_BUF, so never interleaved) per event.
class ReportChannel final : public runner::RunObserver {
 public:
  explicit ReportChannel(int fd) : fd_(fd) {}
  void session_opened(const std::string& session_id) override;
  void step_started(const std::string& revision, const std::string& direction, bool transactional,
                    std::int64_t history_id, const std::string& started_at) override;
  void step_work_done() override;
  void step_failed(const std::string& error) override;
  void step_recorded() override;
  void exiting(int code);

 private:
  void send(const std::string& line);
  int fd_;
};

// In the child, after fork: its own process group (so a terminal's ^C reaches the supervisor, which passes
// it on exactly once), SIGTERM if the supervisor dies, and signal handlers that request an interruption and
// wake a watcher thread that cancels the running statement. Then runs `migration` and exits with its code
// without returning (static destructors of plugins never run after the report).
[[noreturn]] void run_child(int report_fd, const std::function<int(runner::RunObserver&)>& migration,
                            int supervisor_pid);

}  // namespace godwit::core::supervisor::detail
