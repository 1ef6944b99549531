#pragma once

// The operations (Alembic's), one plain struct each: a revision builds them (operations.hpp) and hands them
// to Context::apply_change; the driver's dialect renders them, online or into an offline script; tests and
// autogenerate compare them (operation.hpp holds any one of them as an Operation). Nothing here knows a
// dialect, and nothing here needs <variant>, so a revision that only builds operations compiles light.

#include <optional>
#include <string>
#include <vector>

#include "godwit/operation/kind.hpp"
#include "godwit/schema/column.hpp"
#include "godwit/schema/constraint.hpp"
#include "godwit/schema/index.hpp"
#include "godwit/schema/names.hpp"
#include "godwit/value.hpp"

GODWIT_BEGIN_NAMESPACE

struct CreateTable {
  QualifiedName table;
  std::vector<Column> columns;
  std::vector<Constraint> constraints;  // a primary key here or on columns (Column::primary), not both
  std::optional<std::string> comment;
};
struct DropTable {
  QualifiedName table;
};
struct RenameTable {
  QualifiedName table;
  std::string new_name;
};
struct AddColumn {
  QualifiedName table;
  Column column;
};
struct DropColumn {
  QualifiedName table;
  std::string column;
};
// Changes one column; every field left empty is left as it is.
struct AlterColumn {
  QualifiedName table;
  std::string column;
  std::optional<Type> type;
  std::optional<std::string> using_expression;  // how old values become the new type: "amount::numeric"
  std::optional<bool> nullable;
  std::optional<std::optional<std::string>> server_default;  // set, or (nullopt inside) drop
  std::optional<std::optional<std::string>> comment;         // set, or (nullopt inside) drop
  std::optional<std::string> new_name;
};
struct CreateIndex {
  Index index;
};
struct DropIndex {
  std::string name;
  QualifiedName table;  // the schema the index lives in, and for messages
};
struct AddConstraint {
  QualifiedName table;
  Constraint constraint;
};
struct DropConstraint {
  QualifiedName table;
  std::string name;
};
struct SetTableComment {
  QualifiedName table;
  std::optional<std::string> comment;  // nullopt: drop it
};
// PostgreSQL's CREATE TYPE ... AS ENUM; nothing on dialects without enum types (the column is checked).
struct CreateEnum {
  QualifiedName name;
  std::vector<std::string> values;
};
struct DropEnum {
  QualifiedName name;
};
// Raw SQL, with bound parameters as Context::execute takes them.
struct ExecuteSql {
  std::string sql;
  Params params;
};

// The OperationKind of each struct.
template <class T>
struct OperationKindOf;
template <>
struct OperationKindOf<CreateTable> {
  static constexpr OperationKind value = OperationKind::create_table;
};
template <>
struct OperationKindOf<DropTable> {
  static constexpr OperationKind value = OperationKind::drop_table;
};
template <>
struct OperationKindOf<RenameTable> {
  static constexpr OperationKind value = OperationKind::rename_table;
};
template <>
struct OperationKindOf<AddColumn> {
  static constexpr OperationKind value = OperationKind::add_column;
};
template <>
struct OperationKindOf<DropColumn> {
  static constexpr OperationKind value = OperationKind::drop_column;
};
template <>
struct OperationKindOf<AlterColumn> {
  static constexpr OperationKind value = OperationKind::alter_column;
};
template <>
struct OperationKindOf<CreateIndex> {
  static constexpr OperationKind value = OperationKind::create_index;
};
template <>
struct OperationKindOf<DropIndex> {
  static constexpr OperationKind value = OperationKind::drop_index;
};
template <>
struct OperationKindOf<AddConstraint> {
  static constexpr OperationKind value = OperationKind::add_constraint;
};
template <>
struct OperationKindOf<DropConstraint> {
  static constexpr OperationKind value = OperationKind::drop_constraint;
};
template <>
struct OperationKindOf<SetTableComment> {
  static constexpr OperationKind value = OperationKind::set_table_comment;
};
template <>
struct OperationKindOf<CreateEnum> {
  static constexpr OperationKind value = OperationKind::create_enum;
};
template <>
struct OperationKindOf<DropEnum> {
  static constexpr OperationKind value = OperationKind::drop_enum;
};
template <>
struct OperationKindOf<ExecuteSql> {
  static constexpr OperationKind value = OperationKind::execute_sql;
};

GODWIT_END_NAMESPACE
