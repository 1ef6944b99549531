#include "godwit/core/app/database.hpp"

#include <unistd.h>

#include <boost/dll/runtime_symbol_info.hpp>
#include <thread>

#include "godwit/core/app/project.hpp"
#include "godwit/core/config/database_url.hpp"
#include "godwit/core/error.hpp"
#include "godwit/core/log/logging.hpp"
#include "godwit/core/plugin/driver_library.hpp"
#include "godwit/core/runner/driver_errors.hpp"
#include "godwit/core/runner/history_table.hpp"
#include "godwit/core/runner/interruption.hpp"

namespace godwit::core::app {

namespace {

namespace fs = std::filesystem;

// Configured driver directories first, then the one installed beside this executable
// (<prefix>/bin/godwit -> <prefix>/GODWIT_DRIVER_SUBDIR), which is also the build tree's layout.
std::vector<fs::path> driver_search_path(const config::Config& config) {
  std::vector<fs::path> dirs = config.driver_dirs;
  const fs::path exe_dir = boost::dll::program_location().parent_path().string();
  dirs.push_back(exe_dir.parent_path() / GODWIT_DRIVER_SUBDIR);
  return dirs;
}

// Sleeps `pause` in short slices; false as soon as `abandoned` is set. A stop signal ends the wait
// (Error::interrupted).
bool sleep_unless_abandoned(std::chrono::milliseconds pause, const std::atomic<bool>* abandoned) {
  constexpr auto kSlice = std::chrono::milliseconds(50);
  for (auto slept = std::chrono::milliseconds(0); slept < pause; slept += kSlice) {
    runner::Interruption::check("waiting for the database");
    if (abandoned != nullptr && abandoned->load()) return false;
    std::this_thread::sleep_for(std::min(kSlice, pause - slept));
  }
  return abandoned == nullptr || !abandoned->load();
}

class DriverDatabase final : public Database {
 public:
  DriverDatabase(const config::Config& config, std::string scheme, std::string display_url)
      : config_(config), display_url_(std::move(display_url)) {
    library_ =
        plugin::find_driver_for_scheme(scheme, driver_search_path(config), trust_mode(config.plugin_trust),
                                       [](const std::string& warning) { log::warning("driver", warning); });
    driver_ = library_->create_driver();
    tables_ = runner::TableNames::from(config, driver_->dialect());
  }
  ~DriverDatabase() override {
    // Connections come from the driver's library: close them before the driver goes.
    lock_.reset();
    work_.reset();
  }

  const driver::Dialect& dialect() const override { return driver_->dialect(); }
  const runner::TableNames& tables() const override { return tables_; }
  std::string display_url() const override { return display_url_; }

  driver::Connection& work() override {
    if (!work_)
      throw Error(ErrorCategory::offline, "this command runs offline and has no database connection");
    return *work_;
  }
  driver::Connection& lock_connection() override {
    if (!lock_) lock_ = open_connection();
    return *lock_;
  }

  void connect(std::chrono::seconds wait, const std::atomic<bool>* abandoned) {
    const auto deadline = std::chrono::steady_clock::now() + wait;
    auto pause = std::chrono::milliseconds(250);
    for (;;) {
      try {
        work_ = open_connection();
        return;
      } catch (const DatabaseError& e) {
        if (!driver_->may_come_up(e) || std::chrono::steady_clock::now() + pause >= deadline) {
          if (wait.count() > 0)
            throw runner::database_error(
                "database not reachable after waiting " + std::to_string(wait.count()) + " s", e);
          throw runner::database_error("", e);
        }
        log::info("database", std::string("waiting for the database: ") + e.what());
        if (!sleep_unless_abandoned(pause, abandoned)) throw runner::database_error("gave up waiting", e);
        pause = std::min(pause * 2, std::chrono::milliseconds(5000));
      }
    }
  }

 private:
  std::unique_ptr<driver::Connection> open_connection() {
    driver::ConnectOptions options;
    options.url = *config_.database_url;
    options.connect_timeout = config_.connect_timeout;
    // Shown in the server's session list and in a waiting runner's message: which run holds the lock.
    options.application_name = "godwit pid " + std::to_string(getpid()) + " on " + runner::host_name();
    try {
      return driver_->connect(options);
    } catch (const ConnectionLost& e) {
      // Drivers report a failed attempt as ConnectionLost, but a connection never made was not lost: as a
      // plain DatabaseError it is reported as "could not connect ...: connection refused [SQLSTATE 08001]".
      throw DatabaseError(e.what(), e.sqlstate(), e.statement());
    } catch (const DatabaseError&) {
      throw;  // unreachable, refused, bad password, unknown database: retried or reported by the caller
    } catch (const godwit::Error& e) {
      // The driver refuses the URL itself before any I/O: a configuration error.
      throw Error(ErrorCategory::config, e.what());
    }
  }

  const config::Config& config_;
  std::string display_url_;
  std::shared_ptr<plugin::DriverLibrary> library_;
  plugin::DriverPtr driver_;
  runner::TableNames tables_;
  std::unique_ptr<driver::Connection> work_;  // declared after driver_: destroyed before it
  std::unique_ptr<driver::Connection> lock_;
};

}  // namespace

std::unique_ptr<Database> Database::offline(const config::Config& config) {
  // As Alembic's offline mode, the URL says which dialect to write; it is never connected to.
  if (!config.database_url)
    throw Error(ErrorCategory::config,
                "an offline --sql script is written in the dialect of the configured database, and none is "
                "configured: set database.url in godwit.yaml, DATABASE_URL, or pass --url (it is not "
                "connected to)");
  const auto url = config::DatabaseUrl::parse(*config.database_url);
  return std::make_unique<DriverDatabase>(config, url.scheme(), url.masked());
}

std::unique_ptr<Database> Database::connect(const config::Config& config, std::chrono::seconds wait,
                                            const std::atomic<bool>* abandoned) {
  if (!config.database_url)
    throw Error(
        ErrorCategory::config,
        "no database URL: set database.url in godwit.yaml, DATABASE_URL (or DATABASE_HOST, DATABASE_NAME, "
        "...), or pass --url");
  const auto url = config::DatabaseUrl::parse(*config.database_url);
  auto database = std::make_unique<DriverDatabase>(config, url.scheme(), url.masked());
  database->connect(wait, abandoned);
  return database;
}

}  // namespace godwit::core::app
