#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace godwit::core::supervisor {

// What the migration process has told its supervisor so far, as lines of text, one per event (the child
// publishes their sum on a shared page, core/src/supervisor/shared_report.hpp). Pure: encoding and
// decoding are separate from the page, so the protocol is tested on its own.
//   S <session id>                                             a database session was opened
//   B <transactional 0|1> <history id> <direction> <started at> <revision>   a step began
//   W                                                          the step's revision code returned
//   F <error>                                                  the step failed (error on one line)
//   E                                                          the step's outcome is recorded
//   L <revision> / l                                           its library is loading / done loading
//   X <exit code>                                              the process is about to exit, all recorded
struct OpenStep {
  std::string revision;
  std::string direction;
  bool transactional = true;
  std::int64_t history_id = 0;  // non-transactional: its `running` history row
  std::string started_at;
  bool work_done = false;
  std::string error;  // the step failed with it, as its process said
};

struct RunReport {
  std::vector<std::string> sessions;
  std::optional<OpenStep> step;  // begun and not yet recorded
  std::optional<int> exit_code;  // the process said it is exiting with this code
  std::string loading;           // the revision whose library is being loaded, if any

  // Applies one line (without its newline); an unknown or malformed line is ignored, as it can only come
  // from revision code writing to a descriptor it does not own.
  void apply(std::string_view line);
};

// The whole state as lines (what replaying them with apply() gives back), and back.
std::string encode(const RunReport& report);
RunReport decode(std::string_view lines);

std::string session_line(const std::string& session_id);
std::string step_started_line(const OpenStep& step);
std::string work_done_line();
// At most kMaxErrorText bytes of `error`, on one line, so that the whole state fits the shared page.
std::string step_failed_line(const std::string& error);
inline constexpr std::size_t kMaxErrorText = 2000;
std::string step_recorded_line();
std::string loading_line(const std::string& revision, bool loading);
std::string exit_line(int code);

}  // namespace godwit::core::supervisor
