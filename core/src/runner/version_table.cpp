#include "godwit/core/runner/version_table.hpp"

#include <stdexcept>

#include "godwit/core/error.hpp"
#include "godwit/core/runner/driver_errors.hpp"

namespace godwit::core::runner {

std::vector<std::string> VersionTable::read(driver::Connection& connection) const {
  return with_database_errors("reading " + names_.version_table, [&] {
    std::vector<std::string> heads;
    if (!connection.table_exists(names_.schema, names_.version_table)) return heads;
    // No ORDER BY, as Alembic reads the table: the rows keep the table's own order, so `current` and
    // `status` print them as `alembic current` would.
    Rows rows = connection.query("SELECT version_num FROM " + names_.version_qualified, {});
    for (const Row row : rows) heads.push_back(row.get<std::string>(0));
    return heads;
  });
}

void VersionTable::create(SqlExecutor& executor) const {
  executor.execute(dialect_.create_version_table_sql(names_.schema, names_.version_table));
}

void VersionTable::apply(SqlExecutor& executor, const std::vector<graph::VersionChange>& changes) const {
  for (const auto& change : changes) {
    const ChangeStatement statement = this->statement(change);
    check_matched(change, executor.execute(statement.sql, statement.params, 1));
  }
}

VersionTable::ChangeStatement VersionTable::statement(const graph::VersionChange& change) const {
  using Kind = graph::VersionChange::Kind;
  switch (change.kind) {
    case Kind::insert:
      return {"INSERT INTO " + names_.version_qualified + " (version_num) VALUES (" +
                  dialect_.placeholder(1) + ")",
              {change.to}};
    case Kind::update:
      return {"UPDATE " + names_.version_qualified + " SET version_num = " + dialect_.placeholder(1) +
                  " WHERE version_num = " + dialect_.placeholder(2),
              {change.to, change.from}};
    case Kind::delete_:
      return {"DELETE FROM " + names_.version_qualified + " WHERE version_num = " + dialect_.placeholder(1),
              {change.from}};
  }
  throw std::logic_error("unknown kind of version table change");
}

void VersionTable::check_matched(const graph::VersionChange& change, std::uint64_t matched) const {
  if (change.kind == graph::VersionChange::Kind::insert || matched == 1) return;
  throw Error(ErrorCategory::state, "expected to match one row for '" + change.from + "' in " +
                                        names_.version_table + ", found " + std::to_string(matched) +
                                        "; was the version table changed by another tool?");
}

}  // namespace godwit::core::runner
