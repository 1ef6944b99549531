#pragma once

// The naming convention for constraints and indexes the revision leaves unnamed (Alembic's recommended
// SQLAlchemy naming_convention, with every column of the key, not only the first):
//
//   primary key   pk_<table>
//   unique        uq_<table>_<column>_<column>...
//   foreign key   fk_<table>_<column>..._<referred table>
//   check         ck_<table>_<name>             (naming::check; a Check keeps the name the revision gives)
//   index         ix_<table>_<key>_<key>...     (an expression key by its words: lower(email) -> lower_email)
//
// Names are the same on every dialect: one longer than 63 bytes (PostgreSQL's limit, the smallest of the
// dialects') keeps its first 54 bytes and ends in "_" and 8 hex digits of a hash of the whole name, so two
// long names stay apart and a name never changes from one run to the next. The schema is not part of a name.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "godwit/schema/index.hpp"
#include "godwit/schema/names.hpp"

GODWIT_BEGIN_NAMESPACE

namespace naming {

inline constexpr std::size_t kMaxNameBytes = 63;

namespace detail {

inline std::uint32_t fnv1a(std::string_view text) {
  std::uint32_t hash = 2166136261u;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 16777619u;
  }
  return hash;
}

inline std::string bounded(std::string name) {
  if (name.size() <= kMaxNameBytes) return name;
  static constexpr char kHex[] = "0123456789abcdef";
  const std::uint32_t hash = fnv1a(name);
  name.resize(kMaxNameBytes - 9);
  name += '_';
  for (int shift = 28; shift >= 0; shift -= 4) name += kHex[(hash >> shift) & 0xF];
  return name;
}

inline void append_columns(std::string& name, const ColumnNames& columns) {
  for (const std::string& column : columns) name += "_" + column;
}

// An expression's words, for a name: runs of letters, digits and '_' joined by '_', lower-cased ASCII.
inline std::string words_of(std::string_view expression) {
  std::string out;
  bool gap = false;
  for (char c : expression) {
    const bool word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '_' || static_cast<unsigned char>(c) >= 0x80;
    if (!word) {
      gap = !out.empty();
      continue;
    }
    if (gap) out += '_';
    gap = false;
    out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return out.empty() ? "expr" : out;
}

}  // namespace detail

inline std::string primary_key(const QualifiedName& table) {
  return detail::bounded("pk_" + table.name);
}

inline std::string unique(const QualifiedName& table, const ColumnNames& columns) {
  std::string name = "uq_" + table.name;
  detail::append_columns(name, columns);
  return detail::bounded(std::move(name));
}

inline std::string foreign_key(const QualifiedName& table, const ColumnNames& columns,
                               const QualifiedName& referred_table) {
  std::string name = "fk_" + table.name;
  detail::append_columns(name, columns);
  return detail::bounded(name + "_" + referred_table.name);
}

inline std::string check(const QualifiedName& table, std::string_view constraint_name) {
  return detail::bounded("ck_" + table.name + "_" + std::string(constraint_name));
}

inline std::string index(const QualifiedName& table, const std::vector<IndexKey>& keys) {
  std::string name = "ix_" + table.name;
  for (const IndexKey& key : keys) name += "_" + (key.is_expression ? detail::words_of(key.text) : key.text);
  return detail::bounded(std::move(name));
}

}  // namespace naming

GODWIT_END_NAMESPACE
