#pragma once

#include <string>

#include "godwit/core/config/config.hpp"
#include "godwit/core/supervisor/run_report.hpp"

namespace godwit::core::supervisor::detail {

// How the child ended, in words: "crashed: SIGSEGV", "ended the process with exit status 0 ...".
struct ChildEnd {
  std::string how;
  int exit_code = 1;         // what godwit exits with
  bool interrupted = false;  // a signal the user sent ended it
  bool reported = false;     // it said it was exiting (with exit_code), though with its step unrecorded
};

// After a child that ended without recording its step: ends the child's sessions on the server so its
// transaction is rolled back and its locks are free, records the open step in the history table, and
// prints one line saying what happened. Never throws: what cannot be done is said.
void recover(const config::Config& config, const RunReport& report, const ChildEnd& end);

}  // namespace godwit::core::supervisor::detail
