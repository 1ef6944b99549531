#include "operation_sql.hpp"

#include <algorithm>

namespace godwit::sqlite {
namespace {

std::string with_size(const char* name, std::uint32_t precision, std::uint32_t scale) {
  if (precision == 0) return name;
  if (scale == 0) return std::string(name) + "(" + std::to_string(precision) + ")";
  return std::string(name) + "(" + std::to_string(precision) + ", " + std::to_string(scale) + ")";
}

[[noreturn]] void needs_rewrite(const std::string& operation, const QualifiedName& table) {
  throw Error(
      operation + " on SQLite table " + table.name +
      ": SQLite cannot do this in place, and godwit does not yet rewrite the table (batch mode); write "
      "the new table, copy the rows and rename it with ctx.execute, or run on PostgreSQL");
}

}  // namespace

std::string SqliteOperationSql::type_sql(const Type& type, const Column* column) const {
  // A generated key is SQLite's rowid, which only a column declared exactly INTEGER can be.
  if (column != nullptr && column->identity) return "INTEGER";
  switch (type.kind()) {
    case TypeKind::smallint:
      return "SMALLINT";
    case TypeKind::integer:
      return "INTEGER";
    case TypeKind::bigint:
      return "BIGINT";
    case TypeKind::boolean:
      return "BOOLEAN";
    case TypeKind::numeric:
      return with_size("NUMERIC", type.precision(), type.scale());
    case TypeKind::real:
      return "REAL";
    case TypeKind::double_precision:
      return "DOUBLE";
    case TypeKind::text:
      return "TEXT";
    case TypeKind::string:
      return with_size("VARCHAR", type.length(), 0);
    case TypeKind::bytes:
      return "BLOB";
    case TypeKind::date:
      return "DATE";
    case TypeKind::time:
      return "TIME";
    case TypeKind::timestamp:
    case TypeKind::timestamp_tz:
      return "DATETIME";
    case TypeKind::interval:
      return "INTERVAL";
    case TypeKind::uuid:
      return "CHAR(36)";
    case TypeKind::json:
    case TypeKind::jsonb:
      return "JSON";
    case TypeKind::enumeration: {
      std::size_t longest = 1;
      for (const std::string& value : type.values()) longest = std::max(longest, value.size());
      return "VARCHAR(" + std::to_string(longest) + ")";
    }
    case TypeKind::custom:
      break;
  }
  if (const std::string* sql = type.custom_sql_for("sqlite")) return *sql;
  throw Error("a custom type has no SQLite spelling: add {\"sqlite\", \"...\"} to Type::custom");
}

// A generated column anywhere but as the whole primary key of a new table (primary_key_inline).
std::string SqliteOperationSql::identity_sql(const Column& column) const {
  throw Error("column " + column.name +
              ": SQLite generates only a column that is the whole primary key (INTEGER PRIMARY KEY)");
}

bool SqliteOperationSql::primary_key_inline(const Column& column, const PrimaryKey& key) const {
  if (!column.identity) return false;
  if (key.columns.size() != 1 || key.columns[0] != column.name)
    throw Error("column " + column.name +
                ": SQLite generates only a column that is the whole primary key (INTEGER PRIMARY KEY)");
  return true;
}

std::string SqliteOperationSql::referred_table_sql(const QualifiedName& owner,
                                                   const QualifiedName& referred) const {
  if (!referred.schema.empty() && referred.schema != owner.schema)
    throw Error("a foreign key of " + owner.name + " refers to " + referred.schema + "." + referred.name +
                ": SQLite keeps a foreign key within one database (schema)");
  return quote(referred.name);
}

std::string SqliteOperationSql::enumeration_check(const Column& column) const {
  if (column.type.kind() != TypeKind::enumeration) return {};
  std::string check = "CHECK (" + quote(column.name) + " IN (";
  const std::vector<std::string>& values = column.type.values();
  for (std::size_t i = 0; i < values.size(); ++i)
    check += (i == 0 ? "" : ", ") + dialect().quote_literal(values[i]);
  return check + "))";
}

SqliteOperationSql::Statements SqliteOperationSql::render_change(const AlterColumn& change) const {
  if (change.type || change.using_expression || change.nullable || change.server_default)
    needs_rewrite("alter_column(" + change.column + ")", change.table);
  if (!change.new_name && !change.comment)
    throw Error("alter_column(" + change.table.name + ", " + change.column + "): nothing to change");
  if (!change.new_name) return {};  // a comment only: SQLite keeps none
  return {"ALTER TABLE " + table(change.table) + " RENAME COLUMN " + quote(change.column) + " TO " +
          quote(*change.new_name)};
}

SqliteOperationSql::Statements SqliteOperationSql::render_change(const AddConstraint& change) const {
  needs_rewrite("adding a constraint", change.table);
}

SqliteOperationSql::Statements SqliteOperationSql::render_change(const DropConstraint& change) const {
  needs_rewrite("drop_constraint(" + change.name + ")", change.table);
}

}  // namespace godwit::sqlite
