#pragma once

#include <string>
#include <vector>

#include "godwit/core/graph/plan.hpp"
#include "godwit/core/runner/sql_executor.hpp"
#include "godwit/core/runner/table_names.hpp"
#include "godwit/driver/driver.hpp"

namespace godwit::core::runner {

// Alembic's version table: one row per current head. Reading never creates it; creating is idempotent.
class VersionTable {
 public:
  VersionTable(const TableNames& names, const driver::Dialect& dialect) : names_(names), dialect_(dialect) {}

  // The current heads in the table's own order (as Alembic reads them, no ORDER BY); empty when the table
  // does not exist yet. Driver errors become core::Error
  // naming the table.
  std::vector<std::string> read(driver::Connection& connection) const;
  void create(SqlExecutor& executor) const;
  // Applies one step's row changes. An update or delete that does not match exactly one row means the table
  // changed under us (or was edited by hand): Error(state) naming the row.
  void apply(SqlExecutor& executor, const std::vector<graph::VersionChange>& changes) const;

  // One row change as a statement, for a caller that folds it into a larger one; check what it matched
  // with check_matched.
  struct ChangeStatement {
    std::string sql;
    Params params;
  };
  ChangeStatement statement(const graph::VersionChange& change) const;
  // Error(state) naming the row unless an update or delete matched exactly one row.
  void check_matched(const graph::VersionChange& change, std::uint64_t matched) const;

 private:
  const TableNames& names_;
  const driver::Dialect& dialect_;
};

}  // namespace godwit::core::runner
