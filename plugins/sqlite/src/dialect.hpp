#pragma once

#include <string>
#include <string_view>

#include "godwit/driver/driver.hpp"

namespace godwit::sqlite {

// SQLite's SQL dialect. Pure string work: usable offline, no connection needed.
class SqliteDialect final : public driver::Dialect {
 public:
  std::string_view name() const override { return "sqlite"; }
  const driver::Capabilities& capabilities() const override;
  std::string quote_identifier(std::string_view name) const override;
  std::string quote_literal(std::string_view text) const override;
  // "main" is the default schema; an empty schema gives the bare table name.
  std::string qualified_name(std::string_view schema, std::string_view table) const override;
  std::string placeholder(std::size_t number) const override { return "?" + std::to_string(number); }
  std::string returning_clause(std::string_view expression) const override {
    return " RETURNING " + std::string(expression);
  }
  std::string inline_parameters(std::string_view sql, const Params& params) const override;
  std::string create_version_table_sql(std::string_view schema, std::string_view table) const override;
  std::string create_history_table_sql(std::string_view schema, std::string_view table) const override;
  std::string script_prologue() const override;
  std::string begin_sql() const override { return "BEGIN;"; }
  std::string commit_sql() const override { return "COMMIT;"; }
  std::unique_ptr<driver::ScriptBulkLoad> script_bulk_load(std::string quoted_table,
                                                           std::vector<std::string> columns) const override;
  std::vector<std::string> render(const Operation& operation) const override;

  // X'0a1b': a blob literal.
  static std::string quote_blob(std::string_view bytes);
  // An expression reading back as `text` exactly, also when replayed by the sqlite3 shell: '...', or
  // CAST(X'..' AS TEXT) for text holding a NUL byte (which a string literal cannot) or a carriage return
  // (which the shell drops before a line break when it reads a script).
  static std::string text_literal(std::string_view text);
};

struct TableReference {
  std::string schema;  // empty: unqualified
  std::string table;
};

// Splits a table reference given as `table`, `schema.table`, or with parts already in double quotes
// (`"my.schema"."Table"`). Throws godwit::Error naming it when it is malformed.
TableReference parse_table_reference(std::string_view reference);

}  // namespace godwit::sqlite
