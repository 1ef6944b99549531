#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <string>

#include "godwit/core/config/config.hpp"
#include "godwit/core/runner/table_names.hpp"
#include "godwit/driver/driver.hpp"

namespace godwit::core::app {

// The database side of a command: the driver chosen by the URL's scheme and, when online, its connections.
class Database {
 public:
  // Loads the driver for the configured URL's scheme without connecting (offline --sql needs only the
  // dialect). Error(config) when no URL is configured.
  static std::unique_ptr<Database> offline(const config::Config& config);
  // Loads the driver and connects. Error(config) without a URL; Error(database) when the server cannot be
  // reached, naming the URL with its password masked. `wait` retries a refused connection with backoff
  // until it has passed (containers starting alongside their database).
  // `abandoned`, when set by another thread, ends the waiting early (Error(database)).
  static std::unique_ptr<Database> connect(const config::Config& config,
                                           std::chrono::seconds wait = std::chrono::seconds(0),
                                           const std::atomic<bool>* abandoned = nullptr);
  virtual ~Database() = default;

  virtual const driver::Dialect& dialect() const = 0;
  virtual const runner::TableNames& tables() const = 0;
  virtual std::string display_url() const = 0;
  // The connection commands work on. Error(offline) when opened with offline().
  virtual driver::Connection& work() = 0;
  // A second connection, opened on first use, that holds the migration lock.
  virtual driver::Connection& lock_connection() = 0;
};

}  // namespace godwit::core::app
