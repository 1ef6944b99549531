#include "godwit/core/runner/version_table.hpp"

#include <algorithm>

#include "godwit/core/error.hpp"
#include "godwit/core/runner/driver_errors.hpp"

namespace godwit::core::runner {

std::vector<std::string> VersionTable::read(driver::Connection& connection) const {
  return with_database_errors("reading " + names_.version_table, [&] {
    std::vector<std::string> heads;
    if (!connection.table_exists(names_.schema, names_.version_table)) return heads;
    Rows rows = connection.query("SELECT version_num FROM " + names_.version_qualified, {});
    for (const Row row : rows) heads.push_back(row.get<std::string>(0));
    std::sort(heads.begin(), heads.end());
    return heads;
  });
}

void VersionTable::create(SqlExecutor& executor) const {
  executor.execute(dialect_.create_version_table_sql(names_.schema, names_.version_table));
}

void VersionTable::apply(SqlExecutor& executor, const std::vector<graph::VersionChange>& changes) const {
  using Kind = graph::VersionChange::Kind;
  for (const auto& change : changes) {
    std::uint64_t matched = 0;
    switch (change.kind) {
      case Kind::insert:
        executor.execute("INSERT INTO " + names_.version_qualified + " (version_num) VALUES ($1)",
                         {change.to}, 1);
        continue;
      case Kind::update:
        matched = executor.execute(
            "UPDATE " + names_.version_qualified + " SET version_num = $1 WHERE version_num = $2",
            {change.to, change.from}, 1);
        break;
      case Kind::delete_:
        matched = executor.execute("DELETE FROM " + names_.version_qualified + " WHERE version_num = $1",
                                   {change.from}, 1);
        break;
    }
    if (matched != 1)
      throw Error(ErrorCategory::state, "expected to match one row for '" + change.from + "' in " +
                                            names_.version_table + ", found " + std::to_string(matched) +
                                            "; was the version table changed by another tool?");
  }
}

}  // namespace godwit::core::runner
