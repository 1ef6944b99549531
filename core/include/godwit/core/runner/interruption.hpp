#pragma once

#include <string>

#include "godwit/driver/driver.hpp"

namespace godwit::core::runner {

// A request to stop a run, made by a signal (SIGINT, SIGTERM, SIGHUP). The signal handler only records it
// (async-signal-safe); the runner acts on it at its safe points (before a step, after revision code
// returns, before COMMIT), rolls back and records the step as interrupted. While revision code runs, its
// connection is registered so that the statement the server is running is cancelled rather than waited for.
class Interruption {
 public:
  // The signal asked for, or 0 while none was.
  static int signal() noexcept;
  // From a signal handler: the first signal is kept.
  static void request(int signal) noexcept;
  // Throws Error::interrupted, saying what was interrupted, when a stop was requested.
  static void check(const std::string& what);
  // "SIGINT", "SIGSEGV", ... or "signal N".
  static std::string signal_name(int signal);

  // Cancels the running statement of every registered connection (the signal watcher's thread calls it).
  static void cancel_registered() noexcept;
  // Tests only: forgets the request.
  static void reset() noexcept;
};

// While it lives, `connection`'s running statement is cancelled when a stop is requested.
class CancelOnInterrupt {
 public:
  explicit CancelOnInterrupt(driver::Connection& connection);
  ~CancelOnInterrupt();
  CancelOnInterrupt(const CancelOnInterrupt&) = delete;
  CancelOnInterrupt& operator=(const CancelOnInterrupt&) = delete;

 private:
  driver::Connection& connection_;
};

}  // namespace godwit::core::runner
