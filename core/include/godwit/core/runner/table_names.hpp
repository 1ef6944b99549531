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

  // Error(config) naming the setting when a name is longer than the dialect allows.
  static TableNames from(const config::Config& config, const driver::Dialect& dialect);
};

}  // namespace godwit::core::runner
