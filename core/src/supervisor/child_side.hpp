#pragma once

#include <functional>
#include <mutex>

#include "godwit/core/runner/run_observer.hpp"
#include "godwit/core/supervisor/run_report.hpp"
#include "shared_report.hpp"

namespace godwit::core::supervisor::detail {

// The child's side of the report: the runner's observer. Each event updates the state and publishes it
// on the shared page, with no system call, so supervision costs a step nothing measurable.
class ReportChannel final : public runner::RunObserver {
 public:
  explicit ReportChannel(SharedReport& page) : page_(page) {}
  void session_opened(const std::string& session_id) override;
  void step_started(const std::string& revision, const std::string& direction, bool transactional,
                    std::int64_t history_id, const std::string& started_at) override;
  void step_work_done() override;
  void step_failed(const std::string& error) override;
  void step_recorded() override;
  void library_loading(const std::string& revision, bool loading) override;
  void exiting(int code);

 private:
  void apply(const std::string& line);
  SharedReport& page_;
  std::mutex mutex_;  // the preloader's thread reports loading while the main one reports steps
  RunReport state_;
};

// In the child, after fork: its own process group (so a terminal's ^C reaches the supervisor, which passes
// it on exactly once), SIGTERM if the supervisor dies, and signal handlers that request an interruption and
// wake a watcher thread that cancels the running statement. Then runs `migration` and exits with its code
// without returning (static destructors of plugins never run after the report). Signals arrive blocked
// (the supervisor blocks them around the fork) and are unblocked once the handlers are in place.
[[noreturn]] void run_child(SharedReport& page, const std::function<int(runner::RunObserver&)>& migration,
                            int supervisor_pid);

}  // namespace godwit::core::supervisor::detail
