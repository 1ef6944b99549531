#pragma once

// One operation of any kind (operation/changes.hpp) as one value, for the code that handles operations in
// general: the drivers' renderers, tests, autogenerate. complete() fills in what a revision left implicit;
// apply() runs an Operation through a Context.

#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>

#include "godwit/context.hpp"
#include "godwit/errors.hpp"
#include "godwit/operation/changes.hpp"
#include "godwit/schema/naming.hpp"

GODWIT_BEGIN_NAMESPACE

struct Operation {
  using Change = std::variant<CreateTable, DropTable, RenameTable, AddColumn, DropColumn, AlterColumn,
                              CreateIndex, DropIndex, AddConstraint, DropConstraint, SetTableComment,
                              CreateEnum, DropEnum, ExecuteSql>;
  template <class T, class = std::enable_if_t<std::is_constructible_v<Change, T&&>>>
  Operation(T&& change) : change(std::forward<T>(change)) {}

  OperationKind kind() const noexcept { return static_cast<OperationKind>(change.index()); }

  Change change;
};

namespace detail {
template <std::size_t... I>
constexpr bool kinds_follow_alternatives(std::index_sequence<I...>) {
  return (... && (OperationKindOf<std::variant_alternative_t<I, Operation::Change>>::value ==
                  static_cast<OperationKind>(I)));
}
static_assert(kinds_follow_alternatives(std::make_index_sequence<std::variant_size_v<Operation::Change>>()),
              "OperationKind must list the operations in the order of Operation::Change");
}  // namespace detail

namespace detail {
template <std::size_t... I>
Operation operation_of(OperationKind kind, const void* change, std::index_sequence<I...>) {
  std::optional<Operation> out;
  (void)(... || (static_cast<OperationKind>(I) == kind &&
                 (out.emplace(*static_cast<const std::variant_alternative_t<I, Operation::Change>*>(change)),
                  true)));
  if (!out) throw Error("an operation of unknown kind " + std::to_string(static_cast<int>(kind)));
  return std::move(*out);
}
}  // namespace detail

// The Operation that Context::apply_change(kind, change) carries: a copy of *change.
inline Operation operation_of(OperationKind kind, const void* change) {
  return detail::operation_of(kind, change,
                              std::make_index_sequence<std::variant_size_v<Operation::Change>>());
}

// Runs `operation` through `ctx` (Context::apply_change), as godwit::operations(ctx) does.
inline void apply(Context& ctx, const Operation& operation) {
  std::visit(
      [&](const auto& change) {
        ctx.apply_change(OperationKindOf<std::decay_t<decltype(change)>>::value, &change);
      },
      operation.change);
}

// Completes an operation as the revision meant it, so that every dialect renders the same thing: the
// columns marked Column::primary become the table's PrimaryKey constraint, and the primary keys, unique
// and foreign keys and indexes left unnamed get the naming convention's names (schema/naming.hpp). Check
// constraints keep the name the revision gave (required). Idempotent. Throws godwit::Error for a table with
// primary key columns and a different PrimaryKey constraint.
inline void name_by_convention(const QualifiedName& table, Constraint& constraint) {
  if (auto* pk = std::get_if<PrimaryKey>(&constraint); pk && pk->name.empty())
    pk->name = naming::primary_key(table);
  if (auto* uq = std::get_if<Unique>(&constraint); uq && uq->name.empty())
    uq->name = naming::unique(table, uq->columns);
  if (auto* fk = std::get_if<ForeignKey>(&constraint); fk && fk->name.empty())
    fk->name = naming::foreign_key(table, fk->columns, fk->referred_table);
}

inline void gather_primary_key(CreateTable& create) {
  ColumnNames marked;
  for (const Column& column : create.columns)
    if (column.primary_key) marked.push_back(column.name);
  if (marked.empty()) return;
  for (const Constraint& constraint : create.constraints)
    if (const auto* pk = std::get_if<PrimaryKey>(&constraint)) {
      if (pk->columns == marked) return;
      throw Error("create_table(" + create.table.name +
                  "): columns marked primary and a PrimaryKey constraint on other columns; give one of them");
    }
  create.constraints.insert(create.constraints.begin(), PrimaryKey{std::move(marked), {}});
}

inline void complete(Operation& operation) {
  if (auto* create = std::get_if<CreateTable>(&operation.change)) {
    gather_primary_key(*create);
    for (Constraint& constraint : create->constraints) name_by_convention(create->table, constraint);
  } else if (auto* add = std::get_if<AddConstraint>(&operation.change)) {
    name_by_convention(add->table, add->constraint);
  } else if (auto* index = std::get_if<CreateIndex>(&operation.change); index && index->index.name.empty()) {
    index->index.name = naming::index(index->index.table, index->index.keys);
  }
}

GODWIT_END_NAMESPACE
