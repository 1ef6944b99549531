#pragma once

// Table constraints, as create_table and the constraint operations take them. An empty name is filled in by
// the naming convention (naming.hpp) when the operation is built, so the database holds the same names on
// every dialect and a later drop_constraint can name them.

#include <cstdint>
#include <string>
#include <variant>

#include "godwit/schema/names.hpp"

GODWIT_BEGIN_NAMESPACE

enum class ReferentialAction : std::uint8_t { no_action, restrict, cascade, set_null, set_default };

struct PrimaryKey {
  ColumnNames columns;
  std::string name;
  friend bool operator==(const PrimaryKey& a, const PrimaryKey& b) {
    return a.columns == b.columns && a.name == b.name;
  }
};

struct Unique {
  ColumnNames columns;
  std::string name;
  friend bool operator==(const Unique& a, const Unique& b) {
    return a.columns == b.columns && a.name == b.name;
  }
};

struct ForeignKey {
  ColumnNames columns;
  QualifiedName referred_table;
  ColumnNames referred_columns;
  std::string name;
  ReferentialAction on_delete = ReferentialAction::no_action;
  ReferentialAction on_update = ReferentialAction::no_action;
  bool deferrable = false;
  bool initially_deferred = false;  // with deferrable: checked at COMMIT

  ForeignKey& deleting(ReferentialAction action) {
    on_delete = action;
    return *this;
  }
  ForeignKey& updating(ReferentialAction action) {
    on_update = action;
    return *this;
  }
  ForeignKey& deferred(bool initially = true) {
    deferrable = true;
    initially_deferred = initially;
    return *this;
  }
  friend bool operator==(const ForeignKey& a, const ForeignKey& b) {
    return a.columns == b.columns && a.referred_table == b.referred_table &&
           a.referred_columns == b.referred_columns && a.name == b.name && a.on_delete == b.on_delete &&
           a.on_update == b.on_update && a.deferrable == b.deferrable &&
           a.initially_deferred == b.initially_deferred;
  }
};

// A CHECK constraint. Its name is required (the convention builds ck_<table>_<name> from it): a condition
// is no name.
struct Check {
  std::string name;
  std::string condition;  // an SQL boolean expression, as written
  friend bool operator==(const Check& a, const Check& b) {
    return a.name == b.name && a.condition == b.condition;
  }
};

using Constraint = std::variant<PrimaryKey, Unique, ForeignKey, Check>;

GODWIT_END_NAMESPACE
