#pragma once

#include <string>

#include "godwit/driver/driver.hpp"

namespace godwit::test {

// A minimal PostgreSQL-like dialect for tests that need no driver.
class FakeDialect final : public driver::Dialect {
 public:
  std::string_view name() const override { return "fake"; }
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
};

}  // namespace godwit::test
