#pragma once

#include <functional>

#include "godwit/core/config/config.hpp"
#include "godwit/core/runner/run_observer.hpp"

namespace godwit::core::supervisor {

// Runs a migration in a child process and watches it, so that no way the child can end (revision code that
// calls exit() or _exit(), aborts, crashes, overflows its stack, is killed) makes godwit exit 0 or leaves
// no trace. The child reports its database sessions and the step under way; when it ends without having
// recorded that step, this process ends the child's sessions on the server (rolling its transaction back
// and freeing its locks), records the step in the history table on a connection of its own, and prints one
// line naming the revision, the direction and how the child ended.
//
// Signals: SIGINT, SIGTERM and SIGHUP sent to godwit are passed to the child, which cancels the statement
// the server runs, rolls back, records the step as interrupted and exits 128 + the signal. A second SIGINT
// ends the child at once (SIGKILL); the step is then recorded by this process.
//
// `migration` runs in the child with an observer to hand to the runner, and returns the exit code. Its
// errors must already be reported (printed) by it. Returns the exit code godwit must exit with.
int run_supervised(const config::Config& config, const std::function<int(runner::RunObserver&)>& migration);

}  // namespace godwit::core::supervisor
