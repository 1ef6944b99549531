#include "godwit/core/runner/table_names.hpp"

#include "godwit/core/error.hpp"

namespace godwit::core::runner {

namespace {

// A longer name would be truncated by the database (PostgreSQL cuts at 63 bytes without an error), so
// two configured names could silently mean one table.
void check_length(const driver::Dialect& dialect, const char* setting, const std::string& name) {
  const std::size_t limit = dialect.capabilities().max_identifier_length;
  if (limit == 0 || name.size() <= limit) return;
  throw Error(ErrorCategory::config,
              std::string(setting) + " '" + name + "' is " + std::to_string(name.size()) + " bytes long; " +
                  std::string(dialect.name()) + " allows at most " + std::to_string(limit));
}

}  // namespace

TableNames TableNames::from(const config::Config& config, const driver::Dialect& dialect) {
  check_length(dialect, "version_table_schema", config.version_table_schema);
  check_length(dialect, "version_table", config.version_table);
  check_length(dialect, "history_table", config.history_table);
  TableNames names{config.version_table_schema, config.version_table, config.history_table, {}, {}};
  names.version_qualified = dialect.qualified_name(names.schema, names.version_table);
  names.history_qualified = dialect.qualified_name(names.schema, names.history_table);
  return names;
}

}  // namespace godwit::core::runner
