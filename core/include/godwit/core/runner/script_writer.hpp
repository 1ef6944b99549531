#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "godwit/core/runner/sql_executor.hpp"
#include "godwit/driver/driver.hpp"

namespace godwit::core::runner {

// Renders statements as a SQL script (`--sql`) for the dialect's own shell to replay: parameters inlined as
// literals, every statement terminated, bulk loads as the dialect renders them.
class ScriptWriter final : public SqlExecutor {
 public:
  ScriptWriter(std::ostream& out, const driver::Dialect& dialect) : out_(out), dialect_(dialect) {}

  void execute(std::string_view sql) override;
  std::uint64_t execute(std::string_view sql, const Params& params, std::uint64_t assumed_rows) override;
  bool online() const override { return false; }

  void comment(std::string_view text);
  void begin() { statement(dialect_.begin_sql()); }
  void commit() { statement(dialect_.commit_sql()); }
  // The dialect's opening lines (settings for its shell), after the header comment.
  void prologue();
  // Text the dialect rendered whole (a bulk load), written as it is.
  void rendered(std::string_view text);
  const driver::Dialect& dialect() const { return dialect_; }

 private:
  void statement(std::string_view sql);

  std::ostream& out_;
  const driver::Dialect& dialect_;
};

}  // namespace godwit::core::runner
