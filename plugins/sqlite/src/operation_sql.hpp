#pragma once

#include "godwit/driver/operation_renderer.hpp"

namespace godwit::sqlite {

// Operations in SQLite's SQL, as SQLAlchemy spells the portable types there: enums are checked text
// columns, a generated key is an INTEGER PRIMARY KEY AUTOINCREMENT (the rowid), and comments, which SQLite
// cannot store, are left out. SQLite alters little in place: a column is renamed natively, while changing its
// type, nullability or default, and adding or dropping a constraint, rewrite the table (Alembic's batch
// mode), which is refused here with the reason until that rewrite lands.
class SqliteOperationSql final : public driver::OperationRenderer {
 public:
  using OperationRenderer::OperationRenderer;

 protected:
  std::string type_sql(const Type& type, const Column* column) const override;
  std::string identity_sql(const Column& column) const override;
  Statements comment_statements(const QualifiedName&, const std::optional<std::string>&,
                                const std::vector<Column>&) const override {
    return {};
  }
  Statements render_change(const AlterColumn& change) const override;
  Statements render_change(const AddConstraint& change) const override;
  Statements render_change(const DropConstraint& change) const override;
  Statements render_change(const SetTableComment&) const override { return {}; }
  Statements render_change(const CreateEnum&) const override { return {}; }
  Statements render_change(const DropEnum&) const override { return {}; }
  std::string enumeration_check(const Column& column) const override;
  bool primary_key_inline(const Column& column, const PrimaryKey& key) const override;
  std::string inline_key_identity_sql(const Column&) const override { return " AUTOINCREMENT"; }
  // SQLite names an index's schema on the index, and its table alone: CREATE INDEX "s"."ix" ON "t".
  std::string index_target_sql(const Index& index) const override {
    return dialect().qualified_name(index.table.schema, index.name) + " ON " + quote(index.table.name);
  }
  // A parent table is named alone: it must be in the child's database.
  std::string referred_table_sql(const QualifiedName& owner, const QualifiedName& referred) const override;
};

}  // namespace godwit::sqlite
