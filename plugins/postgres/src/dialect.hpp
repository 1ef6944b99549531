#pragma once

#include <string>
#include <string_view>

#include "godwit/driver/driver.hpp"

namespace godwit::pg {

// PostgreSQL's SQL dialect. Pure string work: usable offline, no connection needed.
class PgDialect final : public driver::Dialect {
 public:
  std::string_view name() const override { return "postgresql"; }
  std::string quote_identifier(std::string_view name) const override;
  std::string quote_literal(std::string_view text) const override;
  std::string qualified_name(std::string_view schema, std::string_view table) const override;
  std::string inline_parameters(std::string_view sql, const Params& params) const override;
  std::string create_version_table_sql(std::string_view schema, std::string_view table) const override;
  std::string create_history_table_sql(std::string_view schema, std::string_view table) const override;
};

// Quotes a table reference given as `table`, `schema.table`, or with parts already in double quotes
// (`"my.schema"."Table"`): every part ends up quoted exactly once.
std::string quote_table_reference(std::string_view reference);

}  // namespace godwit::pg
