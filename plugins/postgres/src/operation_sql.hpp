#pragma once

#include "godwit/driver/operation_renderer.hpp"

namespace godwit::pg {

// Operations in PostgreSQL's SQL: its own types and enum types, identity columns, COMMENT ON, ALTER COLUMN
// in place, CREATE INDEX CONCURRENTLY.
class PgOperationSql final : public driver::OperationRenderer {
 public:
  using OperationRenderer::OperationRenderer;

 protected:
  std::string type_sql(const Type& type, const Column* column) const override;
  std::string identity_sql(const Column& column) const override;
  Statements comment_statements(const QualifiedName& table, const std::optional<std::string>& table_comment,
                                const std::vector<Column>& columns) const override;
  Statements render_change(const AlterColumn& change) const override;
  Statements render_change(const SetTableComment& change) const override;
  Statements render_change(const CreateEnum& change) const override;
  Statements render_change(const DropEnum& change) const override;
  std::string enumeration_check(const Column&) const override { return {}; }
  std::string concurrently_keyword() const override { return "CONCURRENTLY "; }
};

}  // namespace godwit::pg
