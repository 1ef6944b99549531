#pragma once

#include <cstdint>
#include <string>

namespace godwit::core::runner {

// What a supervisor must know to finish a run's record when the process running it ends without doing so
// itself (a revision that crashes, calls exit(), is killed): the database sessions it opened, and the step
// under way until its outcome is durably recorded.
class RunObserver {
 public:
  virtual ~RunObserver() = default;
  // A session whose transaction and locks must be ended if this process dies (Connection::session_id).
  virtual void session_opened(const std::string& session_id) = 0;
  // A step begins; `history_id` is its `running` row for a non-transactional step, else 0.
  virtual void step_started(const std::string& revision, const std::string& direction, bool transactional,
                            std::int64_t history_id, const std::string& started_at) = 0;
  // The revision's own code returned: for a non-transactional step its work is done, only the version
  // table and its history row remain to be written.
  virtual void step_work_done() = 0;
  // The step failed with `error`; said before the runner tries to record it, so that the supervisor can
  // record it instead when the runner cannot (its connection is gone).
  virtual void step_failed(const std::string& error) = 0;
  // The step's outcome is recorded (or, for a whole-run transaction, buffered to commit with the run).
  virtual void step_recorded() = 0;
  // A revision's library is being loaded (its static initialisers run), on the preloader's thread, while
  // a step may be running on the main one; `loading` false once it is done. Must be thread-safe.
  virtual void library_loading(const std::string& revision, bool loading) = 0;
};

}  // namespace godwit::core::runner
