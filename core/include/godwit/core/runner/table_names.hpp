#pragma once

#include <string>

#include "godwit/core/config/config.hpp"
#include "godwit/driver/driver.hpp"

namespace godwit::core::runner {

// The bookkeeping tables, quoted once for the dialect in use. The history table lives in the version
// table's schema.
struct TableNames {
  std::string schema;
  std::string version_table;
  std::string history_table;
  std::string version_qualified;  // quoted, ready for SQL
  std::string history_qualified;

  static TableNames from(const config::Config& config, const driver::Dialect& dialect) {
    TableNames names{config.version_table_schema, config.version_table, config.history_table, {}, {}};
    names.version_qualified = dialect.qualified_name(names.schema, names.version_table);
    names.history_qualified = dialect.qualified_name(names.schema, names.history_table);
    return names;
  }
};

}  // namespace godwit::core::runner
