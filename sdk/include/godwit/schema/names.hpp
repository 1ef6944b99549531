#pragma once

// Names of tables and other schema objects as operations take them: a name and, when it is not the search
// path's (PostgreSQL) or the main database's (SQLite), its schema. A plain string is a name without a schema:
// no dot is ever split, so "a.b" is one table named a.b.

#include <string>
#include <string_view>
#include <vector>

#include "godwit/version.hpp"

GODWIT_BEGIN_NAMESPACE

struct QualifiedName {
  QualifiedName() = default;
  QualifiedName(const char* name) : name(name) {}
  QualifiedName(std::string name) : name(std::move(name)) {}
  QualifiedName(std::string_view name) : name(name) {}
  QualifiedName(std::string schema, std::string name) : schema(std::move(schema)), name(std::move(name)) {}

  std::string schema;  // empty: the default
  std::string name;

  friend bool operator==(const QualifiedName& a, const QualifiedName& b) {
    return a.schema == b.schema && a.name == b.name;
  }
  friend bool operator!=(const QualifiedName& a, const QualifiedName& b) { return !(a == b); }
};

using ColumnNames = std::vector<std::string>;

GODWIT_END_NAMESPACE
