#pragma once

// An index, as create_index takes it: columns or SQL expressions, unique or not, partial with a WHERE.

#include <optional>
#include <string>
#include <vector>

#include "godwit/schema/names.hpp"

GODWIT_BEGIN_NAMESPACE

// One key of an index: a column name (quoted by the dialect) or an SQL expression (written as is).
struct IndexKey {
  static IndexKey column(std::string name) { return IndexKey{std::move(name), false}; }
  static IndexKey expression(std::string sql) { return IndexKey{std::move(sql), true}; }
  IndexKey(const char* column_name) : text(column_name) {}
  IndexKey(std::string column_name) : text(std::move(column_name)) {}

  std::string text;
  bool is_expression = false;

  friend bool operator==(const IndexKey& a, const IndexKey& b) {
    return a.text == b.text && a.is_expression == b.is_expression;
  }

 private:
  IndexKey(std::string text, bool expression) : text(std::move(text)), is_expression(expression) {}
};

struct Index {
  QualifiedName table;
  std::vector<IndexKey> keys;
  std::string name;  // empty: the naming convention's
  bool unique = false;
  std::optional<std::string> where;  // a partial index's condition, as written
  // PostgreSQL: CREATE INDEX CONCURRENTLY, run outside the revision's transaction (an autocommit block).
  // Other dialects build the index in the transaction.
  bool concurrently = false;

  Index& unique_keys() {
    unique = true;
    return *this;
  }
  Index& partial(std::string condition) {
    where = std::move(condition);
    return *this;
  }
  Index& built_concurrently() {
    concurrently = true;
    return *this;
  }
  friend bool operator==(const Index& a, const Index& b) {
    return a.table == b.table && a.keys == b.keys && a.name == b.name && a.unique == b.unique &&
           a.where == b.where && a.concurrently == b.concurrently;
  }
};

GODWIT_END_NAMESPACE
