#pragma once

// The portable column types of godwit's operations (Alembic's / SQLAlchemy's generic types): a revision
// names a type once, and each dialect renders it (docs/operations.md has the table). Anything else is
// Type::custom with the SQL per dialect. Plain values: compared, copied, printed by tests and autogenerate.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "godwit/version.hpp"

GODWIT_BEGIN_NAMESPACE

enum class TypeKind : std::uint8_t {
  smallint,
  integer,
  bigint,
  boolean,
  numeric,  // precision, scale (0, 0: unconstrained)
  real,     // 4-byte floating point
  double_precision,
  text,
  string,  // length: VARCHAR(length)
  bytes,
  date,
  time,
  timestamp,     // without time zone
  timestamp_tz,  // with time zone
  interval,
  uuid,
  json,
  jsonb,        // binary JSON where the dialect has it, JSON elsewhere
  enumeration,  // name, values
  custom,       // the SQL of each dialect in `custom_sql`
};

class Type {
 public:
  static Type smallint() { return Type(TypeKind::smallint); }
  static Type integer() { return Type(TypeKind::integer); }
  static Type bigint() { return Type(TypeKind::bigint); }
  static Type boolean() { return Type(TypeKind::boolean); }
  static Type numeric(std::uint32_t precision = 0, std::uint32_t scale = 0) {
    Type t(TypeKind::numeric);
    t.precision_ = precision;
    t.scale_ = scale;
    return t;
  }
  static Type real() { return Type(TypeKind::real); }
  static Type double_precision() { return Type(TypeKind::double_precision); }
  static Type text() { return Type(TypeKind::text); }
  static Type string(std::uint32_t length) {
    Type t(TypeKind::string);
    t.precision_ = length;
    return t;
  }
  static Type bytes() { return Type(TypeKind::bytes); }
  static Type date() { return Type(TypeKind::date); }
  static Type time() { return Type(TypeKind::time); }
  static Type timestamp() { return Type(TypeKind::timestamp); }
  static Type timestamp_tz() { return Type(TypeKind::timestamp_tz); }
  static Type interval() { return Type(TypeKind::interval); }
  static Type uuid() { return Type(TypeKind::uuid); }
  static Type json() { return Type(TypeKind::json); }
  static Type jsonb() { return Type(TypeKind::jsonb); }
  // A named enum: a type of its own on PostgreSQL (create it with create_enum first), a checked text
  // column on SQLite.
  static Type enumeration(std::string name, std::vector<std::string> values) {
    Type t(TypeKind::enumeration);
    t.name_ = std::move(name);
    t.values_ = std::move(values);
    return t;
  }
  // A type godwit has no word for, spelled per dialect: custom({{"postgresql", "citext"}, {"sqlite",
  // "TEXT"}}). A dialect missing from the list is refused when the operation is rendered for it.
  static Type custom(std::vector<std::pair<std::string, std::string>> sql_by_dialect) {
    Type t(TypeKind::custom);
    t.custom_sql_ = std::move(sql_by_dialect);
    return t;
  }

  TypeKind kind() const noexcept { return kind_; }
  std::uint32_t length() const noexcept { return precision_; }  // string
  std::uint32_t precision() const noexcept { return precision_; }
  std::uint32_t scale() const noexcept { return scale_; }
  const std::string& name() const noexcept { return name_; }  // enumeration
  const std::vector<std::string>& values() const noexcept { return values_; }
  const std::vector<std::pair<std::string, std::string>>& custom_sql() const noexcept { return custom_sql_; }
  // The SQL a custom type has for `dialect`, or nullptr.
  const std::string* custom_sql_for(std::string_view dialect) const noexcept {
    for (const auto& [name, sql] : custom_sql_)
      if (name == dialect) return &sql;
    return nullptr;
  }

  friend bool operator==(const Type& a, const Type& b) {
    return a.kind_ == b.kind_ && a.precision_ == b.precision_ && a.scale_ == b.scale_ && a.name_ == b.name_ &&
           a.values_ == b.values_ && a.custom_sql_ == b.custom_sql_;
  }
  friend bool operator!=(const Type& a, const Type& b) { return !(a == b); }

 private:
  explicit Type(TypeKind kind) : kind_(kind) {}

  TypeKind kind_;
  std::uint32_t precision_ = 0;
  std::uint32_t scale_ = 0;
  std::string name_;
  std::vector<std::string> values_;
  std::vector<std::pair<std::string, std::string>> custom_sql_;
};

GODWIT_END_NAMESPACE
