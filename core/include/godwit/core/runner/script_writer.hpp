#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "godwit/core/runner/sql_executor.hpp"
#include "godwit/driver/driver.hpp"

namespace godwit::core::runner {

// Renders statements as a SQL script (`--sql`): parameters inlined as literals, every statement terminated,
// bulk loads as COPY ... FROM stdin blocks that psql replays.
class ScriptWriter final : public SqlExecutor {
 public:
  ScriptWriter(std::ostream& out, const driver::Dialect& dialect) : out_(out), dialect_(dialect) {}

  void execute(std::string_view sql) override;
  std::uint64_t execute(std::string_view sql, const Params& params, std::uint64_t assumed_rows) override;
  bool online() const override { return false; }

  void comment(std::string_view text);
  void begin() { statement(dialect_.begin_sql()); }
  void commit() { statement(dialect_.commit_sql()); }
  void copy_block(std::string_view table, const std::vector<std::string>& columns, const std::string& rows);
  const driver::Dialect& dialect() const { return dialect_; }

 private:
  void statement(std::string_view sql);

  std::ostream& out_;
  const driver::Dialect& dialect_;
};

}  // namespace godwit::core::runner
