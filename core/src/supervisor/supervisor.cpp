#include "godwit/core/supervisor/supervisor.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <string>

#include "child_side.hpp"
#include "godwit/core/error.hpp"
#include "godwit/core/runner/interruption.hpp"
#include "godwit/core/supervisor/run_report.hpp"
#include "recovery.hpp"
#include "shared_report.hpp"
#include "stop_signals.hpp"

namespace godwit::core::supervisor {

namespace {

// The supervisor's signal handler passes SIGINT, SIGTERM and SIGHUP on to the child (kill() is
// async-signal-safe) and turns a second SIGINT into SIGKILL.
volatile sig_atomic_t child_pid = 0;
volatile sig_atomic_t forwarded_signal = 0;
volatile sig_atomic_t killed_by_second_sigint = 0;

extern "C" void on_supervisor_signal(int signal) {
  const int saved = errno;
  if (forwarded_signal != 0 && signal == SIGINT) {
    killed_by_second_sigint = 1;
    kill(child_pid, SIGKILL);  // the second ^C: stop now, the record is written here
  } else {
    if (forwarded_signal == 0) forwarded_signal = signal;
    kill(child_pid, signal);
  }
  errno = saved;
}

int wait_for(pid_t child) {
  int status = 0;
  while (waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  return status;
}

detail::ChildEnd describe_end(int status, const RunReport& report) {
  detail::ChildEnd end;
  if (forwarded_signal != 0) {
    end.interrupted = true;
    end.exit_code = 128 + forwarded_signal;
    end.how = "was interrupted by " + runner::Interruption::signal_name(forwarded_signal) +
              (killed_by_second_sigint ? " and stopped at once by a second SIGINT" : "");
    return end;
  }
  if (WIFSIGNALED(status)) {
    const int signal = WTERMSIG(status);
    end.how = signal == SIGKILL ? "was killed: SIGKILL (kill -9, or the out-of-memory killer)"
                                : "crashed: " + runner::Interruption::signal_name(signal);
    return end;
  }
  const int code = WIFEXITED(status) ? WEXITSTATUS(status) : 1;
  if (report.exit_code) {
    end.reported = true;
    end.exit_code = *report.exit_code;
    end.how = "ended before its outcome could be recorded";
    return end;
  }
  end.how = "exited with status " + std::to_string(code) +
            " before finishing (revision code called exit(), _exit() or quick_exit())";
  return end;
}

}  // namespace

int run_supervised(const config::Config& config, const std::function<int(runner::RunObserver&)>& migration) {
  detail::SharedReport& page = detail::SharedReport::create();
  // Blocked until child_pid is set (here) and the child's own handlers are in place (there): a signal in
  // between waits instead of reaching the wrong process.
  const sigset_t stops = detail::stop_signal_set();
  sigset_t previous;
  pthread_sigmask(SIG_BLOCK, &stops, &previous);
  detail::handle_stop_signals(on_supervisor_signal);
  const pid_t supervisor = getpid();
  const pid_t child = fork();
  if (child < 0) {
    pthread_sigmask(SIG_SETMASK, &previous, nullptr);
    throw Error(ErrorCategory::state,
                std::string("cannot start the migration process: ") + std::strerror(errno));
  }
  if (child == 0) detail::run_child(page, migration, supervisor);
  child_pid = child;
  pthread_sigmask(SIG_SETMASK, &previous, nullptr);
  const int status = wait_for(child);
  const RunReport report = decode(page.read());
  if (report.exit_code && !report.step && !killed_by_second_sigint) return *report.exit_code;
  detail::ChildEnd end = describe_end(status, report);
  if (!report.loading.empty() && !end.interrupted && !end.reported)
    end.how += " while the library of revision " + report.loading +
               " was being loaded (its static initialisers may be at fault)";
  detail::recover(config, report, end);
  return end.exit_code == 0 ? 1 : end.exit_code;
}

}  // namespace godwit::core::supervisor
