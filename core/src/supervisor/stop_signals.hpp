#pragma once

#include <csignal>

namespace godwit::core::supervisor::detail {

// The signals that ask a run to stop cleanly (cancel, roll back, record): the supervisor passes them on,
// the migration process handles them.
inline constexpr int kStopSignals[] = {SIGINT, SIGTERM, SIGHUP};

inline sigset_t stop_signal_set() {
  sigset_t set;
  sigemptyset(&set);
  for (int signal : kStopSignals) sigaddset(&set, signal);
  return set;
}

// Installs `handler` for every stop signal.
inline void handle_stop_signals(void (*handler)(int)) {
  struct sigaction action {};
  action.sa_handler = handler;
  sigemptyset(&action.sa_mask);
  for (int signal : kStopSignals) sigaction(signal, &action, nullptr);
}

}  // namespace godwit::core::supervisor::detail
