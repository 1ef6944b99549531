#pragma once

#include <chrono>
#include <string>

#include "godwit/core/log/logging.hpp"
#include "godwit/core/runner/sql_executor.hpp"
#include "godwit/driver/driver.hpp"
#include "godwit/driver/statement_log.hpp"

namespace godwit::core::runner {

// SqlExecutor over a live connection: statements run in its open transaction, or in autocommit. With -v
// each of godwit's own statements (version and history tables) is logged with its duration, as the driver
// logs the revisions' statements.
class ConnectionExecutor final : public SqlExecutor {
 public:
  explicit ConnectionExecutor(driver::Connection& connection) : connection_(connection) {}
  void execute(std::string_view sql) override {
    timed(sql, [&] { connection_.execute(sql); });
  }
  std::uint64_t execute(std::string_view sql, const Params& params, std::uint64_t) override {
    std::uint64_t affected = 0;
    timed(sql, [&] { affected = connection_.execute(sql, params); });
    return affected;
  }
  bool online() const override { return true; }

 private:
  template <class F>
  void timed(std::string_view sql, F&& run) {
    if (!log::enabled(log::Level::debug)) return run();
    const auto started = std::chrono::steady_clock::now();
    run();
    constexpr std::size_t kShown =
        300;  // a history INSERT for a whole run is long: its start says what it is
    log::debug("runner",
               driver::timed_statement_line(sql, std::chrono::steady_clock::now() - started, true, kShown));
  }

  driver::Connection& connection_;
};

}  // namespace godwit::core::runner
