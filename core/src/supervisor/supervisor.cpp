#include "godwit/core/supervisor/supervisor.hpp"

#include <fcntl.h>
#include <poll.h>
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

namespace godwit::core::supervisor {

namespace {

int signal_fd = -1;  // the supervisor's self-pipe: its signal handler writes the signal number

extern "C" void on_supervisor_signal(int signal) {
  const int saved = errno;
  const unsigned char byte = static_cast<unsigned char>(signal);
  [[maybe_unused]] const ssize_t written = write(signal_fd, &byte, 1);
  errno = saved;
}

struct Pipe {
  int read = -1;
  int write = -1;
};

Pipe make_pipe() {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0)
    throw Error(ErrorCategory::state,
                std::string("cannot create a pipe to supervise the run: ") + std::strerror(errno));
  return {fds[0], fds[1]};
}

class Watch {
 public:
  Watch(pid_t child, int reports, int signals) : child_(child), reports_(reports), signals_(signals) {}

  // Reads reports and passes signals on until the child closes its end, then reaps it.
  int wait_status() {
    while (read_events()) {
    }
    int status = 0;
    while (waitpid(child_, &status, 0) < 0 && errno == EINTR) {
    }
    return status;
  }

  const RunReport& report() const { return report_; }
  int forwarded_signal() const { return forwarded_; }
  bool killed() const { return killed_; }

 private:
  bool read_events() {
    pollfd fds[2] = {{reports_, POLLIN, 0}, {signals_, POLLIN, 0}};
    if (poll(fds, 2, -1) < 0) return errno == EINTR;
    if (fds[1].revents & POLLIN) pass_signal_on();
    if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) return read_reports();
    return true;
  }

  bool read_reports() {
    char buffer[4096];
    const ssize_t got = read(reports_, buffer, sizeof buffer);
    if (got < 0) return errno == EINTR || errno == EAGAIN;
    if (got == 0) return false;  // every copy of the write end is closed: the child has ended
    pending_.append(buffer, static_cast<std::size_t>(got));
    for (std::size_t end; (end = pending_.find('\n')) != std::string::npos; pending_.erase(0, end + 1))
      report_.apply(std::string_view(pending_).substr(0, end));
    return true;
  }

  void pass_signal_on() {
    unsigned char signal = 0;
    if (read(signals_, &signal, 1) != 1) return;
    if (forwarded_ != 0 && signal == SIGINT) {
      kill(child_, SIGKILL);  // the second ^C: stop now, the record is written here
      killed_ = true;
      return;
    }
    if (forwarded_ == 0) forwarded_ = signal;
    kill(child_, signal);
  }

  pid_t child_;
  int reports_;
  int signals_;
  RunReport report_;
  std::string pending_;
  int forwarded_ = 0;
  bool killed_ = false;
};

detail::ChildEnd describe_end(int status, const Watch& watch) {
  detail::ChildEnd end;
  const int forwarded = watch.forwarded_signal();
  if (forwarded != 0) {
    end.interrupted = true;
    end.exit_code = 128 + forwarded;
    end.how = "was interrupted by " + runner::Interruption::signal_name(forwarded) +
              (watch.killed() ? " and stopped at once by a second SIGINT" : "");
    return end;
  }
  if (WIFSIGNALED(status)) {
    const int signal = WTERMSIG(status);
    end.how = signal == SIGKILL ? "was killed: SIGKILL (kill -9, or the out-of-memory killer)"
                                : "crashed: " + runner::Interruption::signal_name(signal);
    return end;
  }
  const int code = WIFEXITED(status) ? WEXITSTATUS(status) : 1;
  if (watch.report().exit_code) {
    end.reported = true;
    end.exit_code = *watch.report().exit_code;
    end.how = "ended before its outcome could be recorded";
    return end;
  }
  end.how = "exited with status " + std::to_string(code) +
            " before finishing (revision code called exit(), _exit() or quick_exit())";
  return end;
}

void install_supervisor_handlers(int fd) {
  signal_fd = fd;
  struct sigaction action {};
  action.sa_handler = on_supervisor_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  for (int signal : {SIGINT, SIGTERM, SIGHUP}) sigaction(signal, &action, nullptr);
}

}  // namespace

int run_supervised(const config::Config& config, const std::function<int(runner::RunObserver&)>& migration) {
  const Pipe reports = make_pipe();
  const Pipe signals = make_pipe();
  install_supervisor_handlers(signals.write);
  const pid_t supervisor = getpid();
  const pid_t child = fork();
  if (child < 0)
    throw Error(ErrorCategory::state,
                std::string("cannot start the migration process: ") + std::strerror(errno));
  if (child == 0) {
    close(reports.read);
    close(signals.read);
    close(signals.write);
    detail::run_child(reports.write, migration, supervisor);
  }
  close(reports.write);
  Watch watch(child, reports.read, signals.read);
  const int status = watch.wait_status();
  const RunReport& report = watch.report();
  if (report.exit_code && !report.step && !watch.killed()) return *report.exit_code;
  const detail::ChildEnd end = describe_end(status, watch);
  detail::recover(config, report, end);
  return end.exit_code == 0 ? 1 : end.exit_code;
}

}  // namespace godwit::core::supervisor
