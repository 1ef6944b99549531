#include "child_side.hpp"

#include <fcntl.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <thread>

#include "godwit/core/log/logging.hpp"
#include "godwit/core/runner/interruption.hpp"
#include "godwit/core/supervisor/run_report.hpp"
#include "stop_signals.hpp"

namespace godwit::core::supervisor::detail {

namespace {

int wake_fd = -1;  // written by the signal handler, read by the watcher thread

extern "C" void on_stop_signal(int signal) {
  if (runner::Interruption::signal() != 0) _exit(128 + signal);  // asked twice: stop now
  runner::Interruption::request(signal);
  const int saved = errno;
  const char byte = 1;
  [[maybe_unused]] const ssize_t written = write(wake_fd, &byte, 1);
  errno = saved;
}

// Cancels the registered connections' statements once a stop is requested, and again every 250 ms while
// the run goes on: a statement that began just after a cancel is cancelled too.
void watch_for_stop(int read_fd) {
  char byte = 0;
  while (read(read_fd, &byte, 1) < 0 && errno == EINTR) {
  }
  const std::string name = runner::Interruption::signal_name(runner::Interruption::signal());
  log::warning("runner", name + " received: stopping the running statement and rolling back (" + name +
                             " again stops at once)");
  for (;;) {
    runner::Interruption::cancel_registered();
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
}

void install_stop_handlers() {
  int wake[2];
  if (pipe2(wake, O_CLOEXEC) != 0) return;  // without it a signal still stops the run at the next safe point
  wake_fd = wake[1];
  std::thread(watch_for_stop, wake[0]).detach();
  handle_stop_signals(on_stop_signal);
}

}  // namespace

void ReportChannel::apply(const std::string& line) {
  const std::lock_guard<std::mutex> lock(mutex_);
  state_.apply(std::string_view(line).substr(0, line.size() - 1));  // without its newline
  page_.publish(encode(state_));
}

void ReportChannel::session_opened(const std::string& session_id) {
  if (!session_id.empty()) apply(session_line(session_id));
}

void ReportChannel::step_started(const std::string& revision, const std::string& direction,
                                 bool transactional, std::int64_t history_id, const std::string& started_at) {
  apply(step_started_line(OpenStep{revision, direction, transactional, history_id, started_at, false, {}}));
}

void ReportChannel::step_work_done() {
  apply(work_done_line());
}

void ReportChannel::step_failed(const std::string& error) {
  apply(step_failed_line(error));
}

void ReportChannel::step_recorded() {
  apply(step_recorded_line());
}

void ReportChannel::library_loading(const std::string& revision, bool loading) {
  apply(loading_line(revision, loading));
}

void ReportChannel::exiting(int code) {
  apply(exit_line(code));
}

void run_child(SharedReport& page, const std::function<int(runner::RunObserver&)>& migration,
               int supervisor_pid) {
  setpgid(0, 0);
  prctl(PR_SET_PDEATHSIG, SIGTERM);
  // Not the supervisor's handlers, even if the child's own cannot be installed.
  for (int signal : kStopSignals) std::signal(signal, SIG_DFL);
  install_stop_handlers();
  const sigset_t stops = stop_signal_set();
  pthread_sigmask(SIG_UNBLOCK, &stops, nullptr);
  if (getppid() != supervisor_pid) raise(SIGTERM);  // the supervisor died before prctl took effect
  ReportChannel channel(page);
  const int code = migration(channel);
  std::cout.flush();
  std::cerr.flush();
  std::fflush(nullptr);
  channel.exiting(code);
  _exit(code);
}

}  // namespace godwit::core::supervisor::detail
