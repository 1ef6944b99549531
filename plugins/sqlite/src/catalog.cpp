// What the database holds: table_exists() and list_tables() through each schema's sqlite_schema.

#include <sqlite3.h>

#include <algorithm>
#include <tuple>

#include "connection.hpp"
#include "dialect.hpp"

namespace godwit::sqlite {

bool SqliteConnection::table_exists(std::string_view schema, std::string_view table) {
  check_usable("table_exists()");
  const std::vector<std::string> all = schemas();
  std::vector<std::string> searched;
  // Unqualified: wherever SQLite would resolve the name (temp, main, then attached databases).
  for (const std::string& name : all)
    if (schema.empty() || sqlite3_stricmp(name.c_str(), std::string(schema).c_str()) == 0)
      searched.push_back(name);
  const SqliteDialect dialect;
  for (const std::string& name : searched) {
    const std::string sql = "SELECT 1 FROM " + dialect.quote_identifier(name) +
                            ".sqlite_schema WHERE type IN ('table', 'view') AND name = ?1 COLLATE NOCASE";
    if (!query(sql, {std::string(table)}).empty()) return true;
  }
  return false;
}

std::vector<driver::TableName> SqliteConnection::list_tables() {
  check_usable("list_tables()");
  std::vector<driver::TableName> tables;
  const SqliteDialect dialect;
  for (const std::string& schema : schemas()) {
    if (schema == "temp") continue;  // this connection's own, not the database's
    const Rows rows =
        query("SELECT name FROM " + dialect.quote_identifier(schema) +
                  ".sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
              {});
    for (const Row row : rows) tables.push_back(driver::TableName{schema, std::string(row.text(0))});
  }
  std::sort(tables.begin(), tables.end(), [](const driver::TableName& a, const driver::TableName& b) {
    return std::tie(a.schema, a.name) < std::tie(b.schema, b.name);
  });
  return tables;
}

std::vector<std::string> SqliteConnection::schemas() {
  std::vector<std::string> names;
  for (const Row row : query("SELECT name FROM pragma_database_list ORDER BY seq", {}))
    names.emplace_back(row.text(0));
  return names;
}

}  // namespace godwit::sqlite
