#pragma once

// Which operation (operation/changes.hpp) a Context::apply_change call carries. The order is the order of
// Operation::Change's alternatives (operation.hpp checks it).

#include <cstdint>

#include "godwit/version.hpp"

GODWIT_BEGIN_NAMESPACE

enum class OperationKind : std::uint8_t {
  create_table,
  drop_table,
  rename_table,
  add_column,
  drop_column,
  alter_column,
  create_index,
  drop_index,
  add_constraint,
  drop_constraint,
  set_table_comment,
  create_enum,
  drop_enum,
  execute_sql,
};

GODWIT_END_NAMESPACE
