#pragma once

#include "godwit/core/runner/sql_executor.hpp"
#include "godwit/driver/driver.hpp"

namespace godwit::core::runner {

// SqlExecutor over a live connection: statements run in its open transaction, or in autocommit.
class ConnectionExecutor final : public SqlExecutor {
 public:
  explicit ConnectionExecutor(driver::Connection& connection) : connection_(connection) {}
  void execute(std::string_view sql) override { connection_.execute(sql); }
  std::uint64_t execute(std::string_view sql, const Params& params, std::uint64_t) override {
    return connection_.execute(sql, params);
  }
  bool online() const override { return true; }

 private:
  driver::Connection& connection_;
};

}  // namespace godwit::core::runner
