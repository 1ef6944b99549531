#pragma once

#include <cctype>
#include <string>

#include "godwit/driver/driver.hpp"

namespace godwit::test {

// A minimal PostgreSQL-like dialect for tests that need no driver, and for the fixture drivers.
class FakeDialect final : public driver::Dialect {
 public:
  explicit FakeDialect(std::string name = "fake") : name_(std::move(name)) {}
  std::string_view name() const override { return name_; }
  const driver::Capabilities& capabilities() const override { return capabilities_; }
  // Not std::to_string: its digit table is a STB_GNU_UNIQUE symbol, which would keep the fixture drivers
  // from ever being unloaded (a test checks they are).
  std::string placeholder(std::size_t number) const override {
    std::string digits;
    do digits.insert(digits.begin(), static_cast<char>('0' + number % 10));
    while ((number /= 10) != 0);
    return "$" + digits;
  }
  std::string returning_clause(std::string_view expression) const override {
    return " RETURNING " + std::string(expression);
  }
  std::string quote_identifier(std::string_view name) const override {
    return "\"" + std::string(name) + "\"";
  }
  std::string quote_literal(std::string_view text) const override {
    std::string out = "'";
    for (char c : text) out += c == '\'' ? std::string("''") : std::string(1, c);
    return out + "'";
  }
  std::string qualified_name(std::string_view schema, std::string_view table) const override {
    return schema.empty() ? quote_identifier(table)
                          : quote_identifier(schema) + "." + quote_identifier(table);
  }
  std::string inline_parameters(std::string_view sql, const Params& params) const override {
    std::string out;
    for (std::size_t i = 0; i < sql.size(); ++i) {
      if (sql[i] == '$' && i + 1 < sql.size() && std::isdigit(static_cast<unsigned char>(sql[i + 1]))) {
        std::size_t n = 0;
        while (i + 1 < sql.size() && std::isdigit(static_cast<unsigned char>(sql[i + 1])))
          n = n * 10 + (sql[++i] - '0');
        const Value& v = params.at(n - 1);
        out += v.is_null() ? "NULL" : quote_literal(v.text());
        continue;
      }
      out += sql[i];
    }
    return out;
  }
  std::string create_version_table_sql(std::string_view schema, std::string_view table) const override {
    return "CREATE TABLE IF NOT EXISTS " + qualified_name(schema, table) +
           " (version_num VARCHAR(32) PRIMARY KEY)";
  }
  std::string create_history_table_sql(std::string_view schema, std::string_view table) const override {
    return "CREATE TABLE IF NOT EXISTS " + qualified_name(schema, table) + " (id bigserial)";
  }
  std::string script_prologue() const override { return std::string(); }
  std::string begin_sql() const override { return "BEGIN;"; }
  std::string commit_sql() const override { return "COMMIT;"; }
  std::unique_ptr<driver::ScriptBulkLoad> script_bulk_load(std::string quoted_table,
                                                           std::vector<std::string> columns) const override {
    return std::make_unique<CopyBlock>(*this, quoted_table, columns);
  }

  // Every operation as one marker statement: the host's part (completing it, writing what the dialect
  // renders) is what the core's tests see; rendering is the drivers' (tests/driver).
  std::vector<std::string> render(const Operation&) const override { return {"RENDERED OPERATION"}; }

  // Tests may change what the dialect claims to do.
  driver::Capabilities capabilities_{true, true, true, 65535, 63};

 private:
  class CopyBlock final : public driver::ScriptBulkLoad {
   public:
    // "BULK table (a, b)", a line per row with its fields between | and NULL for null, then "END".
    CopyBlock(const FakeDialect& dialect, const std::string& table, const std::vector<std::string>& columns) {
      text_ = "BULK " + table + " (";
      for (std::size_t i = 0; i < columns.size(); ++i)
        text_ += (i ? ", " : "") + dialect.quote_identifier(columns[i]);
      text_ += ")\n";
    }
    void add_row(const Field* fields, std::size_t count) override {
      for (std::size_t i = 0; i < count; ++i)
        text_ += "|" + (fields[i].is_null() ? std::string("NULL") : std::string(fields[i].text()));
      text_ += "|\n";
    }
    std::string finish() override { return std::move(text_) + "END\n\n"; }

   private:
    std::string text_;
  };

  std::string name_;
};

}  // namespace godwit::test
