#pragma once

#include <string>
#include <string_view>

#include "godwit/driver/driver.hpp"

namespace godwit::pg {

// PostgreSQL's SQL dialect. Pure string work: usable offline, no connection needed.
class PgDialect final : public driver::Dialect {
 public:
  std::string_view name() const override { return "postgresql"; }
  const driver::Capabilities& capabilities() const override;
  std::string quote_identifier(std::string_view name) const override;
  std::string quote_literal(std::string_view text) const override;
  std::string qualified_name(std::string_view schema, std::string_view table) const override;
  std::string placeholder(std::size_t number) const override { return "$" + std::to_string(number); }
  std::string returning_clause(std::string_view expression) const override {
    return " RETURNING " + std::string(expression);
  }
  std::string inline_parameters(std::string_view sql, const Params& params) const override;
  std::string create_version_table_sql(std::string_view schema, std::string_view table) const override;
  std::string create_history_table_sql(std::string_view schema, std::string_view table) const override;
  // Scripts are for psql, which runs them as they are: no settings needed.
  std::string script_prologue() const override { return std::string(); }
  std::string begin_sql() const override { return "BEGIN;"; }
  std::string commit_sql() const override { return "COMMIT;"; }
  // A COPY ... FROM stdin block, as pg_dump writes and psql replays.
  std::unique_ptr<driver::ScriptBulkLoad> script_bulk_load(std::string quoted_table,
                                                           std::vector<std::string> columns) const override;
  std::vector<std::string> render(const Operation& operation) const override;
};

// Quotes a table reference given as `table`, `schema.table`, or with parts already in double quotes
// (`"my.schema"."Table"`): every part ends up quoted exactly once.
std::string quote_table_reference(std::string_view reference);

}  // namespace godwit::pg
