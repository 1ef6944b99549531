#include "godwit/core/runner/interruption.hpp"

#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstring>
#include <mutex>
#include <vector>

#include "godwit/core/error.hpp"

namespace godwit::core::runner {

namespace {

// Lock-free, so request() is async-signal-safe.
std::atomic<int> requested_signal{0};
static_assert(std::atomic<int>::is_always_lock_free);

std::mutex registry_mutex;
std::vector<driver::Connection*>& registry() {
  static std::vector<driver::Connection*> connections;
  return connections;
}

}  // namespace

int Interruption::signal() noexcept {
  return requested_signal.load();
}

void Interruption::request(int signal) noexcept {
  int none = 0;
  requested_signal.compare_exchange_strong(none, signal);
}

void Interruption::check(const std::string& what) {
  const int signal = requested_signal.load();
  if (signal == 0) return;
  throw Error::interrupted(signal, what + " interrupted by " + signal_name(signal));
}

std::string Interruption::signal_name(int signal) {
  switch (signal) {
    case SIGINT:
      return "SIGINT";
    case SIGTERM:
      return "SIGTERM";
    case SIGHUP:
      return "SIGHUP";
    case SIGQUIT:
      return "SIGQUIT";
    case SIGKILL:
      return "SIGKILL";
    case SIGSEGV:
      return "SIGSEGV";
    case SIGBUS:
      return "SIGBUS";
    case SIGABRT:
      return "SIGABRT";
    case SIGFPE:
      return "SIGFPE";
    case SIGILL:
      return "SIGILL";
    case SIGPIPE:
      return "SIGPIPE";
    default:
      return "signal " + std::to_string(signal);
  }
}

void Interruption::cancel_registered() noexcept {
  std::lock_guard<std::mutex> guard(registry_mutex);
  for (driver::Connection* connection : registry()) connection->cancel();
}

void Interruption::reset() noexcept {
  requested_signal.store(0);
}

CancelOnInterrupt::CancelOnInterrupt(driver::Connection& connection) : connection_(connection) {
  std::lock_guard<std::mutex> guard(registry_mutex);
  registry().push_back(&connection_);
}

CancelOnInterrupt::~CancelOnInterrupt() {
  std::lock_guard<std::mutex> guard(registry_mutex);
  auto& connections = registry();
  connections.erase(std::find(connections.begin(), connections.end(), &connection_));
}

}  // namespace godwit::core::runner
