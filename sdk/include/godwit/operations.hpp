#pragma once

// What a revision writes to change the schema, as Alembic's `op` reads:
//
//   auto op = godwit::operations(ctx);
//   op.create_table("users", {godwit::Column("id", godwit::Type::bigint()).primary().generated(),
//                             godwit::Column("email", godwit::Type::text()).not_null()});
//   op.create_index(godwit::Index{"users", {"email"}}.unique_keys());
//   op.add_column("users", godwit::Column("bio", godwit::Type::text()));
//
// Each call builds the operation's struct (operation/changes.hpp) and hands it to Context::apply_change,
// which completes it (conventional names), renders it in the database's dialect and runs it, online or
// offline. Bulk rows go through Context::copy_into.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "godwit/context.hpp"
#include "godwit/operation/changes.hpp"
#include "godwit/schema/naming.hpp"

GODWIT_BEGIN_NAMESPACE

class Operations {
 public:
  explicit Operations(Context& ctx) : ctx_(ctx) {}

  void create_table(QualifiedName table, std::vector<Column> columns,
                    std::vector<Constraint> constraints = {},
                    std::optional<std::string> comment = std::nullopt) {
    run(CreateTable{std::move(table), std::move(columns), std::move(constraints), std::move(comment)});
  }
  void drop_table(QualifiedName table) { run(DropTable{std::move(table)}); }
  void rename_table(QualifiedName table, std::string new_name) {
    run(RenameTable{std::move(table), std::move(new_name)});
  }

  void add_column(QualifiedName table, Column column) { run(AddColumn{std::move(table), std::move(column)}); }
  void drop_column(QualifiedName table, std::string column) {
    run(DropColumn{std::move(table), std::move(column)});
  }
  void alter_column(AlterColumn change) { run(change); }

  void create_index(Index index) { run(CreateIndex{std::move(index)}); }
  void drop_index(std::string name, QualifiedName table) {
    run(DropIndex{std::move(name), std::move(table)});
  }

  void create_primary_key(QualifiedName table, ColumnNames columns, std::string name = {}) {
    run(AddConstraint{std::move(table), PrimaryKey{std::move(columns), std::move(name)}});
  }
  void create_unique(QualifiedName table, ColumnNames columns, std::string name = {}) {
    run(AddConstraint{std::move(table), Unique{std::move(columns), std::move(name)}});
  }
  void create_foreign_key(QualifiedName table, ForeignKey key) {
    run(AddConstraint{std::move(table), std::move(key)});
  }
  void create_check(QualifiedName table, std::string name, std::string condition) {
    run(AddConstraint{std::move(table), Check{std::move(name), std::move(condition)}});
  }
  void drop_constraint(QualifiedName table, std::string name) {
    run(DropConstraint{std::move(table), std::move(name)});
  }

  void set_table_comment(QualifiedName table, std::optional<std::string> comment) {
    run(SetTableComment{std::move(table), std::move(comment)});
  }
  void create_enum(QualifiedName name, std::vector<std::string> values) {
    run(CreateEnum{std::move(name), std::move(values)});
  }
  void drop_enum(QualifiedName name) { run(DropEnum{std::move(name)}); }

  void execute(std::string sql, Params params = {}) { run(ExecuteSql{std::move(sql), std::move(params)}); }

 private:
  template <class Change>
  void run(const Change& change) {
    ctx_.apply_change(OperationKindOf<Change>::value, &change);
  }

  Context& ctx_;
};

inline Operations operations(Context& ctx) {
  return Operations(ctx);
}

GODWIT_END_NAMESPACE
